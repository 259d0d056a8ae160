import { createTenant, createUser, login, plantLedger, setConsent, startTestApp, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

/**
 * End to end through the product: a planted anomaly, the nightly analysis in the worker, review by an
 * operator, the customer's insight, and a rerun that does not resurrect what a reviewer dismissed.
 */
describe('from a planted anomaly to the customer insight', () => {
  let t: TestApp;
  let tenantId: string;
  let customerId: string;
  let reviewer: string;
  let admin: string;
  let customer: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  async function nightly(date: string): Promise<void> {
    const res = await t.http().post('/api/admin/analysis/nightly').set(as(admin)).send({ date });
    expect(res.status).toBe(202);
    const start = Date.now();
    for (;;) {
      const [{ open }] = await t.owner.query(
        `SELECT count(*)::int AS open FROM analysis_runs WHERE tenant_id = $1 AND status IN ('queued', 'running')`,
        [tenantId],
      );
      if (open === 0) break;
      if (Date.now() - start > 60_000) throw new Error('analysis did not finish');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config), { RUN_WORKER: 'true', QUEUE_MAINTENANCE_SECONDS: '1' });
    tenantId = await createTenant(t.owner, 'flow', { timezone: 'UTC' });
    customerId = await createUser(t.owner, tenantId, { email: 'dana@flow.test', role: 'customer', displayName: 'Dana' });
    await createUser(t.owner, tenantId, { email: 'rev@flow.test', role: 'reviewer' });
    await createUser(t.owner, tenantId, { email: 'admin@flow.test', role: 'admin' });
    await plantLedger(t.owner, tenantId, customerId, { seed: 31, endDate: '2026-11-20' });
    await setConsent(t.owner, tenantId, customerId, true);
    reviewer = (await login(t, 'flow', 'rev@flow.test')).accessToken;
    admin = (await login(t, 'flow', 'admin@flow.test')).accessToken;
    customer = (await login(t, 'flow', 'dana@flow.test')).accessToken;
    // the planted anomaly: a jewellery purchase far beyond anything in Dana's history, at night, at a new shop
    await t.owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
       SELECT $1, $2, '2026-11-20', '2026-11-20T02:47:00Z', 6240.00, 'USD', 'LUMIERE JEWELLERS PARIS', 'Lumiere Jewellers', id, 'manual'
         FROM categories WHERE tenant_id = $1 AND name = 'Shopping' AND user_id IS NULL`,
      [tenantId, customerId],
    );
  }, 120_000);
  afterAll(() => t.close());

  it('the reviewer approves a rewritten message and the customer reads exactly that', async () => {
    await nightly('2026-11-20');
    const queue = await t.http().get('/api/findings').query({ customerId, type: 'anomaly' }).set(as(reviewer));
    expect(queue.status).toBe(200);
    const planted = queue.body.items.find((f: { title: string }) => f.title.includes('Lumiere Jewellers'));
    expect(planted).toBeDefined();
    expect(planted.status).toBe('pending');
    // nothing reaches the customer before a person approves it
    expect((await t.http().get('/api/insights').set(as(customer))).body.items).toEqual([]);

    const claimed = await t.http().post(`/api/findings/${planted.id}/claim`).set(as(reviewer)).send({ version: planted.version });
    expect(claimed.status).toBe(200);
    const approved = await t
      .http()
      .post(`/api/findings/${planted.id}/approve`)
      .set(as(reviewer))
      .send({
        version: claimed.body.version,
        title: 'A large jewellery purchase',
        message: 'We saw a payment of $6,240.00 at Lumiere Jewellers on 20 November. If this was you, enjoy it!',
      });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');

    const insights = await t.http().get('/api/insights').set(as(customer));
    expect(insights.body.items).toHaveLength(1);
    expect(insights.body.items[0]).toMatchObject({
      id: planted.id,
      type: 'anomaly',
      title: 'A large jewellery purchase',
      message: 'We saw a payment of $6,240.00 at Lumiere Jewellers on 20 November. If this was you, enjoy it!',
      readAt: null,
    });
    const events = await t.http().get(`/api/findings/${planted.id}/events`).set(as(reviewer));
    const approval = events.body.items.find((e: { action: string }) => e.action === 'approve' || e.action === 'approved');
    expect(JSON.stringify(approval)).toContain(planted.title);
  }, 120_000);

  async function analyseNow(): Promise<void> {
    const run = await t.http().post('/api/analysis/runs').set(as(reviewer)).send({ customerId });
    expect(run.status).toBe(202);
    const start = Date.now();
    for (;;) {
      const state = await t.http().get(`/api/analysis/runs/${run.body.id}`).set(as(reviewer));
      if (state.body.status === 'succeeded') return;
      if (Date.now() - start > 60_000 || state.body.status === 'failed') throw new Error(`run ${state.body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('a dismissed finding stays dismissed when the analysis runs again', async () => {
    // a second planted anomaly, in October: an on-demand run looks back 30 days
    await t.owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
       SELECT $1, $2, '2026-10-28', '2026-10-28T03:12:00Z', 3990.00, 'USD', 'AURORA ELECTRONICS 551', 'Aurora Electronics', id, 'manual'
         FROM categories WHERE tenant_id = $1 AND name = 'Shopping' AND user_id IS NULL`,
      [tenantId, customerId],
    );
    await analyseNow();
    const open = await t.http().get('/api/findings').query({ customerId, status: 'pending' }).set(as(reviewer));
    expect(open.body.items.length).toBeGreaterThan(0);
    const victim = open.body.items[0];
    const claimed = await t.http().post(`/api/findings/${victim.id}/claim`).set(as(reviewer)).send({ version: victim.version });
    const dismissed = await t
      .http()
      .post(`/api/findings/${victim.id}/dismiss`)
      .set(as(reviewer))
      .send({ version: claimed.body.version, reason: 'false_positive', note: 'known to the customer' });
    expect(dismissed.status).toBe(200);
    const finalStatus = dismissed.body.status;
    expect(['dismissed', 'pending_second_review']).toContain(finalStatus);

    await analyseNow();
    const same = await t.owner.query(`SELECT id, status FROM findings WHERE user_id = $1 AND fingerprint = (SELECT fingerprint FROM findings WHERE id = $2)`, [
      customerId,
      victim.id,
    ]);
    expect(same).toEqual([{ id: victim.id, status: finalStatus }]);
    // and the customer still sees only the approved one
    expect((await t.http().get('/api/insights').set(as(customer))).body.items).toHaveLength(1);
  }, 120_000);
});
