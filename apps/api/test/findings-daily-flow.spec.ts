import { randomUUID } from 'node:crypto';
import { startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer } from './findings-fixtures';

describe('review flow per day: GET /findings/metrics/daily', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;

  const daily = (token: string, query = '') => t.http().get(`/api/findings/metrics/daily${query}`).set(bearer(token));

  /** A finding created `daysAgo` days ago (same time of day, so it falls on exactly that calendar day). */
  async function finding(tenant: TenantFixture, daysAgo: number): Promise<string> {
    const [row] = await t.owner.query(
      `INSERT INTO findings (tenant_id, user_id, type, severity, score, status, title, message, original_title, original_message, evidence, fingerprint, pattern, created_at)
       VALUES ($1, $2, 'anomaly', 'medium', 0.5, 'pending', 't', 'm', 't', 'm', '{}', $3, $3, now() - make_interval(days => $4::int) - interval '1 second')
       RETURNING id`,
      [tenant.tenantId, tenant.users.customer.id, `test:${randomUUID()}`, daysAgo],
    );
    return row.id;
  }

  async function event(tenant: TenantFixture, findingId: string, actorId: string | null, action: string, toStatus: string, daysAgo: number): Promise<void> {
    await t.owner.query(
      `INSERT INTO finding_events (tenant_id, finding_id, actor_id, action, to_status, at)
       VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $6::int) - interval '1 second')`,
      [tenant.tenantId, findingId, actorId, action, toStatus, daysAgo],
    );
  }

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    const reviewer = demo.users.reviewer.id;
    const supervisor = demo.users.supervisor.id;
    const today1 = await finding(demo, 0);
    const today2 = await finding(demo, 0);
    const three = await finding(demo, 3);
    const old = await finding(demo, 40);
    await event(demo, today1, reviewer, 'approved', 'approved', 0);
    await event(demo, today2, null, 'dismissed', 'dismissed', 0); // a suppression rule, not a person
    await event(demo, three, reviewer, 'dismissed', 'dismissed', 3);
    await event(demo, old, reviewer, 'dismissed', 'pending_second_review', 2); // waits: not a decision yet
    await event(demo, old, supervisor, 'dismissal_confirmed', 'dismissed', 1);
    await event(demo, old, reviewer, 'claimed', 'in_review', 1);
    await event(demo, old, reviewer, 'approved', 'approved', 40); // outside the window
    await finding(acme, 0);
  });
  afterAll(() => t.close());

  it("counts created findings and people's final decisions per day of the tenant's calendar, oldest first", async () => {
    const res = await daily(demo.users.reviewer.token, '?days=7');
    expect(res.status).toBe(200);
    const days = res.body.days as Array<{ day: string; created: number; approved: number; dismissed: number }>;
    expect(res.body.timezone).toBe('UTC');
    expect(days).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    const ago = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    expect(days[6]).toEqual({ day: today, created: 2, approved: 1, dismissed: 0 });
    expect(days.find((d) => d.day === ago(3))).toEqual({ day: ago(3), created: 1, approved: 0, dismissed: 1 });
    expect(days.find((d) => d.day === ago(2))).toEqual({ day: ago(2), created: 0, approved: 0, dismissed: 0 });
    expect(days.find((d) => d.day === ago(1))).toEqual({ day: ago(1), created: 0, approved: 0, dismissed: 1 });
    expect(days[0].day).toBe(ago(6));
  });

  it('30 days by default; another tenant sees only its own findings', async () => {
    const res = await daily(acme.users.supervisor.token);
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(30);
    const totals = (res.body.days as Array<{ created: number; approved: number; dismissed: number }>).reduce((s, d) => s + d.created + d.approved + d.dismissed, 0);
    expect(totals).toBe(1);
  });

  it('days must be 7 or 30; operators only; signed-in only', async () => {
    expect((await daily(demo.users.admin.token, '?days=9')).status).toBe(400);
    expect((await daily(demo.users.customer.token)).status).toBe(403);
    expect((await t.http().get('/api/findings/metrics/daily')).status).toBe(401);
  });
});
