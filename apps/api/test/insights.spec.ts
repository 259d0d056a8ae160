import { FINDING_STATUSES } from '@spendguard/contracts';
import { createUser, login, setConsent, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer, plantFinding } from './findings-fixtures';

describe('customer insights: approved findings only', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let customer: string;
  let other: { id: string; token: string };
  const byStatus: Record<string, string> = {};
  let approvedViaReview: string;

  const insights = (token: string) => t.http().get('/api/insights').set(bearer(token));
  const read = (token: string, id: string, body: object = {}) => t.http().post(`/api/insights/${id}/read`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    customer = demo.users.customer.token;
    await setConsent(t.owner, demo.tenantId, demo.users.customer.id, true);
    const otherId = await createUser(t.owner, demo.tenantId, { email: 'other@demo.test', role: 'customer' });
    await setConsent(t.owner, demo.tenantId, otherId, true);
    other = { id: otherId, token: (await login(t, 'demo', 'other@demo.test')).accessToken };

    for (const status of FINDING_STATUSES) {
      byStatus[status] = await plantFinding(t, demo.tenantId, demo.users.customer.id, { status, title: `finding ${status}` });
    }
    byStatus['otherApproved'] = await plantFinding(t, demo.tenantId, otherId, { status: 'approved', title: 'not yours' });
    byStatus['acmeApproved'] = await plantFinding(t, acme.tenantId, acme.users.customer.id, { status: 'approved', title: 'other tenant' });

    // one approved through the review, with a rewrite and notes of both kinds
    approvedViaReview = await plantFinding(t, demo.tenantId, demo.users.customer.id, { title: 'Raw title', message: 'Raw message from the model.' });
    const reviewer = demo.users.reviewer.token;
    await t.http().post(`/api/findings/${approvedViaReview}/annotate`).set(bearer(reviewer)).send({ body: 'internal: checked', visibility: 'internal' });
    await t.http().post(`/api/findings/${approvedViaReview}/annotate`).set(bearer(reviewer)).send({ body: 'Consider a grocery budget.', visibility: 'customer' });
    await t.http().post(`/api/findings/${approvedViaReview}/claim`).set(bearer(reviewer)).send({ version: 1 });
    const approved = await t.http()
      .post(`/api/findings/${approvedViaReview}/approve`)
      .set(bearer(reviewer))
      .send({ version: 2, title: 'A big grocery bill', message: 'Your grocery spending was much higher than usual this week.' });
    expect(approved.status).toBe(200);
  }, 60_000);
  afterAll(() => t.close());

  it('lists only the caller\'s approved findings, in the approved wording, with customer-visible notes only', async () => {
    const res = await insights(customer);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.id).sort()).toEqual([approvedViaReview, byStatus['approved']].sort());
    const reviewed = res.body.items.find((i: any) => i.id === approvedViaReview);
    expect(reviewed).toEqual({
      id: approvedViaReview,
      type: 'anomaly',
      title: 'A big grocery bill',
      message: 'Your grocery spending was much higher than usual this week.',
      annotations: [{ body: 'Consider a grocery budget.', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }],
      approvedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      readAt: null,
    });
    // the newest approval first
    expect(res.body.items[0].id).toBe(approvedViaReview);
    expect(JSON.stringify(res.body)).not.toMatch(/Raw message|internal: checked|evidence|originalMessage/);
  });

  it.each(FINDING_STATUSES.filter((s) => s !== 'approved'))('a %s finding is reachable by no customer route', async (status) => {
    const id = byStatus[status];
    expect((await insights(customer)).body.items.map((i: any) => i.id)).not.toContain(id);
    expect((await read(customer, id)).status).toBe(404);
    expect((await t.http().get(`/api/findings/${id}`).set(bearer(customer))).status).toBe(403);
  });

  it("another customer's insight, or another tenant's, is 404", async () => {
    expect((await read(customer, byStatus['otherApproved'])).status).toBe(404);
    expect((await read(customer, byStatus['acmeApproved'])).status).toBe(404);
    expect((await read(acme.users.customer.token, byStatus['approved'])).status).toBe(404);
    expect((await insights(other.token)).body.items.map((i: any) => i.id)).toEqual([byStatus['otherApproved']]);
    expect((await read(customer, 'not-a-uuid')).status).toBe(404);
  });

  it('marking read records the first read time (and an event); unread again clears it', async () => {
    const id = byStatus['approved'];
    const first = await read(customer, id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, title: 'finding approved' });
    expect(Date.parse(first.body.readAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await read(customer, id, { read: true });
    expect(again.body.readAt).toBe(first.body.readAt);
    expect((await insights(customer)).body.items.find((i: any) => i.id === id).readAt).toBe(first.body.readAt);
    expect((await read(customer, id, { read: 'yes' })).status).toBe(400);
    const unread = await read(customer, id, { read: false });
    expect(unread.body.readAt).toBeNull();
    const actions = (await t.owner.query(`SELECT action, actor_id FROM finding_events WHERE finding_id = $1 AND action IN ('read', 'unread') ORDER BY at`, [id]));
    expect(actions).toEqual([
      { action: 'read', actor_id: demo.users.customer.id },
      { action: 'unread', actor_id: demo.users.customer.id },
    ]);
  });

  it('insights are for customers: operators get 403', async () => {
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      const token = demo.users[role].token;
      expect({ role, status: (await insights(token)).status }).toEqual({ role, status: 403 });
      expect({ role, status: (await read(token, byStatus['approved'])).status }).toEqual({ role, status: 403 });
    }
    expect((await t.http().get('/api/insights')).status).toBe(401);
  });
});
