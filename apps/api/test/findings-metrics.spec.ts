import { randomUUID } from 'node:crypto';
import { startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer } from './findings-fixtures';

interface Made {
  type?: string;
  severity?: string;
  status: string;
  createdHoursAgo?: number;
  dueInHours?: number | null;
  decidedDaysAgo?: number;
  reason?: string;
  detectors?: Record<string, unknown>;
}

describe('review metrics: GET /findings/metrics', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;

  const metrics = (token: string, query = '') => t.http().get(`/api/findings/metrics${query}`).set(bearer(token));

  async function make(tenant: TenantFixture, f: Made): Promise<string> {
    const [row] = await t.owner.query(
      `INSERT INTO findings (tenant_id, user_id, type, severity, score, status, title, message, original_title, original_message,
                             evidence, fingerprint, pattern, created_at, due_at, dismiss_reason, decided_at, approved_at)
       VALUES ($1, $2, $3, $4, 0.5, $5::text, 't', 'm', 't', 'm', $6, $7, $7,
               now() - make_interval(secs => $8::float8 * 3600),
               CASE WHEN $9::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $9::float8 * 3600) END,
               $10, CASE WHEN $11::float8 IS NULL THEN NULL ELSE now() - make_interval(secs => $11::float8 * 86400) END,
               CASE WHEN $5::text = 'approved' THEN now() - make_interval(secs => $11::float8 * 86400) END)
       RETURNING id`,
      [
        tenant.tenantId,
        tenant.users.customer.id,
        f.type ?? 'anomaly',
        f.severity ?? 'medium',
        f.status,
        JSON.stringify(f.detectors ? { detectors: f.detectors } : {}),
        `test:${randomUUID()}`,
        f.createdHoursAgo ?? 24 * 60,
        f.dueInHours === undefined ? null : f.dueInHours,
        f.reason ?? null,
        f.decidedDaysAgo ?? null,
      ],
    );
    return row.id;
  }

  async function event(tenant: TenantFixture, findingId: string, actorId: string | null, action: string, daysAgo: number): Promise<void> {
    await t.owner.query(
      `INSERT INTO finding_events (tenant_id, finding_id, actor_id, action, at) VALUES ($1, $2, $3, $4, now() - make_interval(secs => $5::float8 * 86400))`,
      [tenant.tenantId, findingId, actorId, action, daysAgo],
    );
  }

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');

    // the open queue: ages 10, 20, 30, 40, 50 hours; two past their due date
    await make(demo, { status: 'pending', severity: 'high', createdHoursAgo: 10, dueInHours: -2 });
    await make(demo, { status: 'pending', severity: 'medium', createdHoursAgo: 20, dueInHours: 10 });
    await make(demo, { status: 'in_review', severity: 'medium', createdHoursAgo: 30, dueInHours: -1 });
    await make(demo, { status: 'snoozed', severity: 'low', createdHoursAgo: 40, dueInHours: null });
    await make(demo, { status: 'pending_second_review', severity: 'high', createdHoursAgo: 50, dueInHours: 5 });

    // decided: anomalies with their detectors (top score wins, ties go to the alphabetically first)
    const a1 = await make(demo, { status: 'approved', decidedDaysAgo: 2, detectors: { lof: 0.9, ocsvm: 0.5 } });
    await make(demo, { status: 'approved', decidedDaysAgo: 10, detectors: { lof: 0.2, autoencoder: 0.8 } });
    await make(demo, { status: 'dismissed', reason: 'false_positive', decidedDaysAgo: 3, detectors: { ocsvm: 0.7, lof: 0.7 } });
    await make(demo, { status: 'dismissed', reason: 'expected', decidedDaysAgo: 20, detectors: { ocsvm: 0.95, lof: 0.1 } });
    await make(demo, { status: 'dismissed', reason: 'false_positive', decidedDaysAgo: 4, detectors: { profile: 0.99, lof: 0.9 } });
    await make(demo, { type: 'forecast_overrun', status: 'approved', decidedDaysAgo: 1 });
    await make(demo, { type: 'forecast_overrun', status: 'dismissed', reason: 'duplicate', decidedDaysAgo: 5 });
    // outside both windows, or never decided by people
    await make(demo, { type: 'drift', status: 'dismissed', reason: 'false_positive', decidedDaysAgo: 40 });
    await make(demo, { type: 'drift', status: 'superseded' });

    const reviewer = demo.users.reviewer.id;
    const supervisor = demo.users.supervisor.id;
    for (const [actor, action, days] of [
      [reviewer, 'approved', 2],
      [reviewer, 'approved', 10],
      [reviewer, 'dismissed', 3],
      [reviewer, 'snoozed', 1],
      [reviewer, 'claimed', 1],
      [reviewer, 'annotated', 1],
      [supervisor, 'dismissal_confirmed', 4],
      [supervisor, 'dismissal_rejected', 20],
      [supervisor, 'approved', 1],
      [supervisor, 'dismissed', 40],
      [null, 'created', 1],
      [null, 'woken', 1],
    ] as const) {
      await event(demo, a1, actor, action, days);
    }

    // another tenant's findings and decisions count nowhere
    const other = await make(acme, { status: 'approved', decidedDaysAgo: 1, detectors: { lof: 1 } });
    await make(acme, { status: 'dismissed', reason: 'other', decidedDaysAgo: 1, detectors: { ocsvm: 1 } });
    await make(acme, { status: 'pending', severity: 'high', createdHoursAgo: 500, dueInHours: -100 });
    await event(acme, other, acme.users.admin.id, 'approved', 1);
  }, 60_000);
  afterAll(() => t.close());

  it('30 days (the default): exact numbers for every metric', async () => {
    const res = await metrics(demo.users.supervisor.token);
    expect(res.status).toBe(200);
    const m = res.body;
    expect(m.days).toBe(30);
    expect(Date.parse(m.generatedAt) - Date.parse(m.since)).toBe(30 * 86_400_000);
    expect(m.queue).toEqual([
      { status: 'pending', severity: 'high', count: 1 },
      { status: 'pending', severity: 'medium', count: 1 },
      { status: 'in_review', severity: 'medium', count: 1 },
      { status: 'pending_second_review', severity: 'high', count: 1 },
      { status: 'snoozed', severity: 'low', count: 1 },
    ]);
    expect(m.openAge.open).toBe(5);
    expect(m.openAge.medianHours).toBeCloseTo(30, 1);
    // continuous percentile: 40 + 0.6 * (50 - 40)
    expect(m.openAge.p90Hours).toBeCloseTo(46, 1);
    expect(m.overdue).toBe(2);
    expect(m.decisionsByReviewer).toEqual([
      { actorId: demo.users.reviewer.id, displayName: 'reviewer', approved: 2, dismissed: 1, secondReviews: 0, snoozed: 1, total: 4 },
      { actorId: demo.users.supervisor.id, displayName: 'supervisor', approved: 1, dismissed: 0, secondReviews: 2, snoozed: 0, total: 3 },
    ]);
    expect(m.decided).toEqual({ approved: 3, dismissed: 4 });
    expect(m.approvalRate).toBeCloseTo(3 / 7, 10);
    expect(m.dismissalReasons).toEqual([
      { reason: 'false_positive', count: 2 },
      { reason: 'duplicate', count: 1 },
      { reason: 'expected', count: 1 },
    ]);
    expect(m.precisionByDetector).toEqual([
      { detector: 'autoencoder', approved: 1, dismissed: 0, precision: 1 },
      { detector: 'lof', approved: 1, dismissed: 1, precision: 0.5 },
      { detector: 'ocsvm', approved: 0, dismissed: 1, precision: 0 },
      { detector: 'profile', approved: 0, dismissed: 1, precision: 0 },
    ]);
    expect(m.precisionByType).toEqual([
      { type: 'anomaly', approved: 2, dismissed: 3, precision: 0.4 },
      { type: 'forecast_overrun', approved: 1, dismissed: 1, precision: 0.5 },
    ]);
  });

  it('7 days: only what was decided in the last week; the queue is the same', async () => {
    const m = (await metrics(demo.users.admin.token, '?days=7')).body;
    expect(m.days).toBe(7);
    expect(m.queue).toHaveLength(5);
    expect(m.overdue).toBe(2);
    expect(m.decisionsByReviewer).toEqual([
      { actorId: demo.users.reviewer.id, displayName: 'reviewer', approved: 1, dismissed: 1, secondReviews: 0, snoozed: 1, total: 3 },
      { actorId: demo.users.supervisor.id, displayName: 'supervisor', approved: 1, dismissed: 0, secondReviews: 1, snoozed: 0, total: 2 },
    ]);
    expect(m.decided).toEqual({ approved: 2, dismissed: 3 });
    expect(m.approvalRate).toBeCloseTo(0.4, 10);
    expect(m.dismissalReasons).toEqual([
      { reason: 'false_positive', count: 2 },
      { reason: 'duplicate', count: 1 },
    ]);
    expect(m.precisionByDetector).toEqual([
      { detector: 'lof', approved: 1, dismissed: 1, precision: 0.5 },
      { detector: 'profile', approved: 0, dismissed: 1, precision: 0 },
    ]);
    expect(m.precisionByType).toEqual([
      { type: 'anomaly', approved: 1, dismissed: 2, precision: 1 / 3 },
      { type: 'forecast_overrun', approved: 1, dismissed: 1, precision: 0.5 },
    ]);
  });

  it('a tenant sees only its own numbers; an empty window has null rates', async () => {
    const m = (await metrics(acme.users.admin.token)).body;
    expect(m.queue).toEqual([{ status: 'pending', severity: 'high', count: 1 }]);
    expect(m.overdue).toBe(1);
    expect(m.decided).toEqual({ approved: 1, dismissed: 1 });
    expect(m.decisionsByReviewer).toEqual([
      { actorId: acme.users.admin.id, displayName: 'admin', approved: 1, dismissed: 0, secondReviews: 0, snoozed: 0, total: 1 },
    ]);
    expect(m.dismissalReasons).toEqual([{ reason: 'other', count: 1 }]);

    const empty = await tenantWithEveryRole(t, 'empty');
    expect((await metrics(empty.users.admin.token)).body).toMatchObject({
      queue: [],
      openAge: { open: 0, medianHours: null, p90Hours: null },
      overdue: 0,
      decisionsByReviewer: [],
      approvalRate: null,
      decided: { approved: 0, dismissed: 0 },
      dismissalReasons: [],
      precisionByDetector: [],
      precisionByType: [],
    });
  });

  it('findings a suppression rule dismissed are listed as a reason but are not reviewer decisions', async () => {
    const supp = await tenantWithEveryRole(t, 'supp');
    await make(supp, { status: 'approved', decidedDaysAgo: 1, detectors: { lof: 0.9 } });
    await make(supp, { status: 'dismissed', reason: 'suppressed', decidedDaysAgo: 1, detectors: { lof: 0.8 } });
    const m = (await metrics(supp.users.admin.token)).body;
    expect(m.decided).toEqual({ approved: 1, dismissed: 0 });
    expect(m.approvalRate).toBe(1);
    expect(m.dismissalReasons).toEqual([{ reason: 'suppressed', count: 1 }]);
    expect(m.precisionByDetector).toEqual([{ detector: 'lof', approved: 1, dismissed: 0, precision: 1 }]);
  });

  it('days must be 7 or 30; operators only', async () => {
    for (const q of ['?days=14', '?days=abc', '?days=', '?days=7.0x']) {
      expect({ q, status: (await metrics(demo.users.admin.token, q)).status }).toEqual({ q, status: 400 });
    }
    expect((await metrics(demo.users.reviewer.token, '?days=7')).status).toBe(200);
    expect((await metrics(demo.users.customer.token)).status).toBe(403);
    expect((await t.http().get('/api/findings/metrics')).status).toBe(401);
  });
});
