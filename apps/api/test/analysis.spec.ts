import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ArtifactStore, JobQueue, runRealtimeScoring } from '@spendguard/server-analysis';
import {
  createTenant,
  createUser,
  login,
  plantLedger,
  setConsent,
  startTestApp,
  TEST_PASSWORD,
  TestApp,
  waitFor,
} from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

const END = '2026-11-20';

describe('analysis engine', () => {
  let t: TestApp;
  let tenantId: string;
  let admin: string;
  let reviewer: string;
  const customers: Record<string, { id: string; token: string }> = {};

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const runsOf = (customerId: string) =>
    t.owner.query(`SELECT id, status, kind, run_date::text AS run_date, attempts, findings_created, error, timings, counts, model_versions
                     FROM analysis_runs WHERE user_id = $1 ORDER BY queued_at`, [customerId]);
  const finishedRun = (runId: string) =>
    waitFor(async () => {
      const [run] = await t.owner.query(`SELECT * FROM analysis_runs WHERE id = $1`, [runId]);
      return run && ['succeeded', 'failed', 'cancelled'].includes(run.status) ? run : null;
    });

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config), {
      RUN_WORKER: 'true',
      WORKER_CONCURRENCY: '2',
      QUEUE_MAINTENANCE_SECONDS: '1',
      ANALYSIS_RUNS_PER_HOUR: '3',
    });
    tenantId = await createTenant(t.owner, 'demo', { timezone: 'UTC' });
    await createUser(t.owner, tenantId, { email: 'admin@demo.test', role: 'admin' });
    await createUser(t.owner, tenantId, { email: 'reviewer@demo.test', role: 'reviewer' });
    admin = (await login(t, 'demo', 'admin@demo.test')).accessToken;
    reviewer = (await login(t, 'demo', 'reviewer@demo.test')).accessToken;
    for (const [name, seed, consent] of [
      ['alice', 11, true],
      ['bob', 12, true],
      ['carol', 13, false],
    ] as const) {
      const id = await createUser(t.owner, tenantId, { email: `${name}@demo.test`, role: 'customer', displayName: name });
      await plantLedger(t.owner, tenantId, id, { seed, endDate: END });
      // a clear anomaly the day before the run: a grocery bill far beyond the customer's usual
      await t.owner.query(
        `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
         SELECT $1, $2, '2026-11-19', '2026-11-19T14:05:00Z', 2480.00, 'USD', 'WHOLE FOODS #77', 'Whole Foods', id, 'manual'
           FROM categories WHERE tenant_id = $1 AND name = 'Groceries' AND user_id IS NULL`,
        [tenantId, id],
      );
      await setConsent(t.owner, tenantId, id, consent);
      customers[name] = { id, token: (await login(t, 'demo', `${name}@demo.test`, TEST_PASSWORD)).accessToken };
    }
  }, 120_000);
  afterAll(() => t.close());

  it('the nightly pass enqueues each consenting customer once per run date, however often it is asked', async () => {
    const first = await t.http().post('/api/admin/analysis/nightly').set(as(admin)).send({ date: END });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ enqueued: 2, runDate: END });
    const again = await t.http().post('/api/admin/analysis/nightly').set(as(admin)).send({ date: END });
    expect(again.body).toEqual({ enqueued: 0, runDate: END });
    const [{ jobs }] = await t.owner.query(`SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'analysis-customer' AND data->>'tenantId' = $1`, [tenantId]);
    expect(jobs).toBe(2);
    expect(await runsOf(customers['carol'].id)).toHaveLength(0);

    for (const name of ['alice', 'bob']) {
      const [run] = await runsOf(customers[name].id);
      const done = await finishedRun(run.id);
      expect(done.status).toBe('succeeded');
      expect(done.timings.total).toBeGreaterThan(0);
      expect(done.counts.transactions).toBeGreaterThan(500);
      expect(done.model_versions.anomaly).toBe(1);
    }
  }, 120_000);

  it('stores the model artifact with its sha256 under ml-artifacts/<tenant>/<customer>/', async () => {
    const [artifact] = await t.owner.query(`SELECT version, sha256, path FROM model_artifacts WHERE user_id = $1`, [customers['alice'].id]);
    expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(artifact.path).toBe(path.join(tenantId, customers['alice'].id, 'v1'));
    expect(existsSync(path.join(t.config.artifactsDir, artifact.path))).toBe(true);
  });

  it('creates pending findings with customer-facing text, evidence, a due date and a created event', async () => {
    const findings = await t.owner.query(
      `SELECT f.*, (SELECT count(*)::int FROM finding_events e WHERE e.finding_id = f.id AND e.action = 'created') AS created_events
         FROM findings f WHERE f.user_id = ANY($1)`,
      [[customers['alice'].id, customers['bob'].id]],
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.status).toBe('pending');
      expect(f.title.length).toBeGreaterThan(5);
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.original_message).toBe(f.message);
      expect(f.due_at.getTime()).toBeGreaterThan(Date.now());
      expect(f.created_events).toBe(1);
      expect(Object.keys(f.evidence).length).toBeGreaterThan(0);
    }
  });

  it('a rerun duplicates nothing and does not recreate dismissed or approved findings', async () => {
    const customer = customers['alice'].id;
    // leave the planted grocery anomaly alone: a later test needs it pending
    const before = await t.owner.query(
      `SELECT id, fingerprint FROM findings WHERE user_id = $1 AND status <> 'superseded'
          AND (evidence->'expense'->>'merchant') IS DISTINCT FROM 'Whole Foods' ORDER BY score`,
      [customer],
    );
    expect(before.length).toBeGreaterThan(1);
    // a reviewer dismissed one and approved another (the workflow routes come later; the states are what matter)
    await t.owner.query(`UPDATE findings SET status = 'dismissed', dismiss_reason = 'false_positive' WHERE id = $1`, [before[0].id]);
    await t.owner.query(`UPDATE findings SET status = 'approved', approved_at = now() WHERE id = $1`, [before[1].id]);
    const snoozed = before[2];
    if (snoozed) await t.owner.query(`UPDATE findings SET status = 'snoozed', snoozed_until = now() + interval '3 days' WHERE id = $1`, [snoozed.id]);
    const res = await t.http().post('/api/analysis/runs').set(as(reviewer)).send({ customerId: customer });
    expect(res.status).toBe(202);
    const done = await finishedRun(res.body.id);
    expect(done.status).toBe('succeeded');
    const after = await t.owner.query(`SELECT fingerprint, status FROM findings WHERE user_id = $1 AND status <> 'superseded'`, [customer]);
    const fingerprints = after.map((f: { fingerprint: string }) => f.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(after.find((f: { fingerprint: string }) => f.fingerprint === before[0].fingerprint).status).toBe('dismissed');
    expect(after.find((f: { fingerprint: string }) => f.fingerprint === before[1].fingerprint).status).toBe('approved');
    if (snoozed) expect(after.filter((f: { fingerprint: string }) => f.fingerprint === snoozed.fingerprint)).toEqual([{ fingerprint: snoozed.fingerprint, status: 'snoozed' }]);
  }, 120_000);

  it('a dismissal as "expected" teaches the analysis: the same pattern is not raised again', async () => {
    const customer = customers['bob'].id;
    const [finding] = await t.owner.query(
      `SELECT id, pattern, fingerprint FROM findings WHERE user_id = $1 AND status = 'pending' AND type = 'anomaly' ORDER BY score DESC LIMIT 1`,
      [customer],
    );
    expect(finding).toBeDefined();
    await t.owner.query(`UPDATE findings SET status = 'dismissed', dismiss_reason = 'expected' WHERE id = $1`, [finding.id]);
    // the same pattern under a new fingerprint (e.g. a new transaction of the same kind) would be a new draft
    await t.owner.query(`UPDATE findings SET fingerprint = fingerprint || ':old' WHERE id = $1`, [finding.id]);
    const res = await t.http().post('/api/analysis/runs').set(as(reviewer)).send({ customerId: customer });
    await finishedRun(res.body.id);
    const same = await t.owner.query(`SELECT id FROM findings WHERE user_id = $1 AND pattern = $2 AND status <> 'dismissed'`, [customer, finding.pattern]);
    expect(same).toHaveLength(0);
    const [run] = await t.owner.query(`SELECT counts FROM analysis_runs WHERE id = $1`, [res.body.id]);
    expect(run.counts.skippedExpected).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('an anomaly finding whose expense is deleted is superseded by the next run', async () => {
    const customer = customers['alice'].id;
    const [finding] = await t.owner.query(
      `SELECT id, evidence FROM findings WHERE user_id = $1 AND type = 'anomaly' AND status = 'pending'
          AND evidence->'expense'->>'merchant' = 'Whole Foods'`,
      [customer],
    );
    expect(finding).toBeDefined();
    await t.owner.query(`DELETE FROM expenses WHERE id = $1`, [finding.evidence.expense.id]);
    const res = await t.http().post('/api/analysis/runs').set(as(reviewer)).send({ customerId: customer });
    await finishedRun(res.body.id);
    const [after] = await t.owner.query(`SELECT status FROM findings WHERE id = $1`, [finding.id]);
    expect(after.status).toBe('superseded');
    const [event] = await t.owner.query(`SELECT action, from_status, to_status, note FROM finding_events WHERE finding_id = $1 AND action = 'superseded'`, [finding.id]);
    expect(event).toMatchObject({ from_status: 'pending', to_status: 'superseded', note: 'The expense was deleted' });
  }, 120_000);

  it('a planted anomaly created through the API becomes a finding within seconds, scored by the latest model', async () => {
    const customer = customers['alice'];
    const models = async () =>
      (await t.owner.query(`SELECT version, sha256 FROM model_artifacts WHERE tenant_id = $1 ORDER BY user_id, version`, [tenantId])) as unknown[];
    const modelsBefore = await models();
    expect(modelsBefore.length).toBeGreaterThan(0);
    const before = Date.now();
    const created = await t
      .http()
      .post('/api/expenses')
      .set(as(customer.token))
      .send({ occurredAt: new Date().toISOString(), amount: '4875.00', description: 'LUXURY WATCHES GENEVA', merchant: 'Chronos Luxury', category: 'Shopping' });
    expect(created.status).toBe(201);
    const finding = await waitFor(async () => {
      const [f] = await t.owner.query(
        `SELECT id, type, status, title, evidence FROM findings WHERE user_id = $1 AND evidence->'expense'->>'id' = $2`,
        [customer.id, created.body.id],
      );
      return f;
    }, 20_000);
    expect(Date.now() - before).toBeLessThan(20_000);
    expect(finding).toMatchObject({ type: 'anomaly', status: 'pending' });
    expect(finding.evidence.realtime).toBe(true);
    expect(finding.evidence.modelVersion).toBeGreaterThanOrEqual(1);
    // an ordinary purchase raises nothing
    const ordinary = await t
      .http()
      .post('/api/expenses')
      .set(as(customer.token))
      .send({ occurredAt: new Date().toISOString().slice(0, 10), amount: '14.20', description: 'TRADER JOES #552', merchant: "Trader Joe's", category: 'Groceries' });
    await waitFor(async () => {
      const [job] = await t.owner.query(
        `SELECT state FROM pgboss.job WHERE name = 'analysis-realtime' AND data->'expenseIds' ? $1`,
        [ordinary.body.id],
      );
      return job && job.state === 'completed';
    }, 20_000);
    const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE evidence->'expense'->>'id' = $1`, [ordinary.body.id]);
    expect(n).toBe(0);
    // scoring only: no model was trained or replaced
    expect(await models()).toEqual(modelsBefore);

    // a customer without consent: the same kind of purchase queues no scoring and raises nothing
    const carol = customers['carol'];
    const theirs = await t
      .http()
      .post('/api/expenses')
      .set(as(carol.token))
      .send({ occurredAt: new Date().toISOString(), amount: '4875.00', description: 'LUXURY WATCHES GENEVA', merchant: 'Chronos Luxury', category: 'Shopping' });
    expect(theirs.status).toBe(201);
    const [{ jobs }] = await t.owner.query(
      `SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'analysis-realtime' AND data->>'customerId' = $1`,
      [carol.id],
    );
    expect(jobs).toBe(0);
    const [{ n: carols }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE user_id = $1`, [carol.id]);
    expect(carols).toBe(0);
  }, 60_000);

  it("this month's budget status is projected from the forecast with an interval", async () => {
    const customer = customers['alice'];
    const categories = await t.http().get('/api/categories').set(as(customer.token));
    const groceries = categories.body.items.find((c: { name: string }) => c.name === 'Groceries');
    expect((await t.http().put('/api/budgets').set(as(customer.token)).send({ categoryId: groceries.id, amount: '400.00' })).status).toBeLessThan(300);
    const month = new Date().toISOString().slice(0, 7);
    const status = await t.http().get('/api/budgets/status').query({ month }).set(as(customer.token));
    expect(status.status).toBe(200);
    expect(status.body.projectionMethod).toBe('forecast');
    const item = status.body.items.find((i: { categoryId: string }) => i.categoryId === groceries.id);
    expect(Number(item.projectedLow)).toBeLessThanOrEqual(Number(item.projected));
    expect(Number(item.projected)).toBeLessThanOrEqual(Number(item.projectedHigh));
    expect(Number(item.projectedHigh)).toBeGreaterThan(Number(item.projectedLow));
    const past = await t.http().get('/api/budgets/status').query({ month: '2025-06' }).set(as(customer.token));
    expect(past.body.projectionMethod).toBe('pace');
  });

  it('customers without consent are never analysed: no job, 422 on demand', async () => {
    const operator = await t.http().post('/api/analysis/runs').set(as(reviewer)).send({ customerId: customers['carol'].id });
    expect(operator.status).toBe(422);
    expect(operator.body.message).toBe('This customer has not consented to analysis');
    const self = await t.http().post('/api/analysis/runs').set(as(customers['carol'].token)).send({});
    expect(self.status).toBe(422);
    expect(await runsOf(customers['carol'].id)).toHaveLength(0);
  });

  it('a customer analyses only themselves, and only a few times an hour', async () => {
    const other = await t.http().post('/api/analysis/runs').set(as(customers['bob'].token)).send({ customerId: customers['alice'].id });
    expect(other.status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http().post('/api/analysis/runs').set(as(customers['bob'].token)).send({})).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const mine = await t.http().get('/api/analysis/runs').set(as(customers['bob'].token));
    expect(mine.body.items.every((r: { customerId: string }) => r.customerId === customers['bob'].id)).toBe(true);
    const aliceRun = (await runsOf(customers['alice'].id))[0];
    expect((await t.http().get(`/api/analysis/runs/${aliceRun.id}`).set(as(customers['bob'].token))).status).toBe(404);
    expect((await t.http().get(`/api/analysis/runs/${aliceRun.id}`).set(as(reviewer))).status).toBe(200);
  });

  it('revoking consent cancels queued and running runs with their pg-boss jobs, and supersedes open findings', async () => {
    const customer = customers['bob'].id;
    await waitFor(async () => {
      const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM analysis_runs WHERE user_id = $1 AND status IN ('queued', 'running')`, [customer]);
      return n === 0;
    });
    // an open finding and a queued run to be withdrawn
    await t.owner.query(`UPDATE findings SET status = 'pending', dismiss_reason = NULL WHERE user_id = $1 AND status = 'dismissed'`, [customer]);
    const [{ open: openBefore }] = await t.owner.query(
      `SELECT count(*)::int AS open FROM findings WHERE user_id = $1 AND status = 'pending'`,
      [customer],
    );
    expect(openBefore).toBeGreaterThan(0);
    // a queued run and a running one, each with its real pg-boss job: starting in an hour, so no worker takes the
    // queued one; the running one's job is active (as a worker's is)
    const boss = t.app.get(JobQueue).boss;
    const runIds: Record<string, string> = {};
    for (const status of ['queued', 'running'] as const) {
      const [{ id }] = await t.owner.query(
        `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status) VALUES ($1, $2, 'on_demand', '2026-11-20', $3) RETURNING id`,
        [tenantId, customer, status],
      );
      await t.owner.query(`UPDATE analysis_runs SET job_id = id WHERE id = $1`, [id]);
      await boss.insert([{ name: 'analysis-customer', id, data: { tenantId, customerId: customer, runId: id }, startAfter: new Date(Date.now() + 3_600_000) }]);
      runIds[status] = id;
    }
    await t.owner.query(`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE id = $1`, [runIds['running']]);
    const res = await t.http().put('/api/consent').set(as(customers['bob'].token)).send({ analysis: false });
    expect(res.status).toBe(200);
    const [{ open: unfinished }] = await t.owner.query(
      `SELECT count(*)::int AS open FROM analysis_runs WHERE user_id = $1 AND status IN ('queued', 'running')`,
      [customer],
    );
    expect(unfinished).toBe(0);
    for (const id of Object.values(runIds)) {
      const [run] = await t.owner.query(`SELECT status, error FROM analysis_runs WHERE id = $1`, [id]);
      expect(run).toEqual({ status: 'cancelled', error: 'consent revoked' });
      const [job] = await t.owner.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
      expect(job.state).toBe('cancelled');
    }
    const [event] = await t.owner.query(
      `SELECT e.note FROM finding_events e JOIN findings f ON f.id = e.finding_id WHERE f.user_id = $1 AND e.action = 'superseded'`,
      [customer],
    );
    expect(event.note).toBe('The customer revoked analysis consent');
    const open = await t.owner.query(
      `SELECT count(*)::int AS n FROM findings WHERE user_id = $1 AND status IN ('pending', 'in_review', 'pending_second_review', 'snoozed')`,
      [customer],
    );
    expect(open[0].n).toBe(0);
    const nightly = await t.http().post('/api/admin/analysis/nightly').set(as(admin)).send({ date: '2026-11-21' });
    expect(nightly.body.enqueued).toBe(1); // alice only

    // after the revocation a new purchase is not scored, even by a job that was already on its way
    const planted = await t
      .http()
      .post('/api/expenses')
      .set(as(customers['bob'].token))
      .send({ occurredAt: new Date().toISOString(), amount: '4875.00', description: 'LUXURY WATCHES GENEVA', merchant: 'Chronos Luxury', category: 'Shopping' });
    expect(planted.status).toBe(201);
    const [{ jobs }] = await t.owner.query(
      `SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'analysis-realtime' AND data->'expenseIds' ? $1`,
      [planted.body.id],
    );
    expect(jobs).toBe(0);
    const scored = await runRealtimeScoring(t.app.get(DataSource), new ArtifactStore(t.config.artifactsDir), {
      tenantId,
      customerId: customer,
      expenseIds: [planted.body.id],
    });
    expect(scored).toEqual({ scored: 0, flagged: 0, created: 0 });
    const [{ n: raised }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE evidence->'expense'->>'id' = $1`, [planted.body.id]);
    expect(raised).toBe(0);
  }, 60_000);

  it("operators see each customer's last analysis and open findings", async () => {
    const list = await t.http().get('/api/operator/customers').set(as(reviewer));
    const alice = list.body.items.find((c: { id: string }) => c.id === customers['alice'].id);
    const carol = list.body.items.find((c: { id: string }) => c.id === customers['carol'].id);
    const [{ open }] = await t.owner.query(
      `SELECT count(*)::int AS open FROM findings WHERE user_id = $1 AND status IN ('pending', 'in_review', 'pending_second_review', 'snoozed')`,
      [customers['alice'].id],
    );
    expect(alice.openFindings).toBe(open);
    expect(open).toBeGreaterThan(0);
    expect(Date.parse(alice.lastAnalysisAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(carol).toMatchObject({ lastAnalysisAt: null, openFindings: 0, consent: false });
  });

  it('queue health shows the tenant its jobs by state', async () => {
    const res = await t.http().get('/api/admin/queue').set(as(admin));
    expect(res.status).toBe(200);
    expect(res.body.counts.some((c: { queue: string; state: string }) => c.queue === 'analysis-customer' && c.state === 'completed')).toBe(true);
    expect((await t.http().get('/api/admin/queue').set(as(reviewer))).status).toBe(403);
    expect((await t.http().post('/api/admin/analysis/nightly').set(as(reviewer)).send({})).status).toBe(403);
    expect((await t.http().post('/api/admin/analysis/nightly').set(as(admin)).send({ date: '2026-13-01' })).status).toBe(400);
  });
});
