import { createTenant, createUser, login, plantLedger, setConsent, startTestApp, TestApp, waitFor } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

/** Expenses imported from a CSV are scored in real time like those added through the API. */

describe('CSV import: real-time scoring of the imported expenses', () => {
  let t: TestApp;
  let tenantId: string;
  const customers: Record<string, { id: string; token: string }> = {};
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const upload = (token: string, csv: string, fields: Record<string, string>) => {
    let req = t.http().post('/api/imports/csv').set(as(token)).attach('file', Buffer.from(csv), 'bank.csv');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const realtimeJobs = (customerId: string) =>
    t.owner.query(`SELECT id, state, data FROM pgboss.job WHERE name = 'analysis-realtime' AND data->>'customerId' = $1 ORDER BY created_on`, [customerId]) as Promise<
      Array<{ id: string; state: string; data: { expenseIds: string[] } }>
    >;
  const csv = (...lines: string[]) => ['date,description,merchant,amount,category', ...lines].join('\n');

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config), { RUN_WORKER: 'true', WORKER_CONCURRENCY: '2', QUEUE_MAINTENANCE_SECONDS: '1' });
    tenantId = await createTenant(t.owner, 'demo', { timezone: 'UTC' });
    for (const [name, seed, consent] of [
      ['alice', 21, true],
      ['bob', 22, false],
    ] as const) {
      const id = await createUser(t.owner, tenantId, { email: `${name}@demo.test`, role: 'customer', displayName: name });
      await plantLedger(t.owner, tenantId, id, { seed, endDate: yesterday });
      await setConsent(t.owner, tenantId, id, consent);
      customers[name] = { id, token: (await login(t, 'demo', `${name}@demo.test`)).accessToken };
    }
    // alice's model: one analysis run, as the nightly pass would train it
    const run = await t.http().post('/api/analysis/runs').set(as(customers['alice'].token)).send({});
    expect(run.status).toBe(202);
    const done = await waitFor(async () => {
      const [r] = await t.owner.query(`SELECT status FROM analysis_runs WHERE id = $1`, [run.body.id]);
      return r && ['succeeded', 'failed', 'cancelled'].includes(r.status) ? r : null;
    }, 120_000);
    expect(done.status).toBe('succeeded');
    const [artifact] = await t.owner.query(`SELECT version FROM model_artifacts WHERE user_id = $1`, [customers['alice'].id]);
    expect(artifact).toBeDefined();
  }, 180_000);
  afterAll(() => t.close());

  it('a planted anomaly in a committed CSV import becomes a finding within seconds, scored by the latest model', async () => {
    const alice = customers['alice'];
    // ordinary purchases: alice's two most frequent merchants at their usual amounts
    const usual: Array<{ description: string; merchant: string; category: string; amount: string }> = await t.owner.query(
      `SELECT min(e.description) AS description, e.merchant, min(c.name) AS category,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY e.amount)::numeric, 2)::text AS amount
         FROM expenses e JOIN categories c ON c.id = e.category_id
        WHERE e.user_id = $1 AND e.merchant IS NOT NULL
        GROUP BY e.merchant ORDER BY count(*) DESC LIMIT 2`,
      [alice.id],
    );
    expect(usual).toHaveLength(2);
    const file = csv(
      ...usual.map((u) => `${today},"${u.description}","${u.merchant}",${u.amount},${u.category}`),
      `${today},LUXURY WATCHES GENEVA,Chronos Luxury,4875.00,Shopping`,
    );

    // a dry run stores nothing and so scores nothing
    const dry = await upload(alice.token, file, {});
    expect(dry.body).toMatchObject({ committed: false, created: 0 });
    expect(await realtimeJobs(alice.id)).toHaveLength(0);

    const before = Date.now();
    const committed = await upload(alice.token, file, { dryRun: 'false' });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ committed: true, created: 3 });
    const imported: Array<{ id: string; description: string }> = await t.owner.query(
      `SELECT id, description FROM expenses WHERE user_id = $1 AND source = 'import' ORDER BY description`,
      [alice.id],
    );
    expect(imported).toHaveLength(3);
    const watch = imported.find((e) => e.description === 'LUXURY WATCHES GENEVA');
    if (!watch) throw new Error('the planted anomaly was not imported');

    const finding = await waitFor(async () => {
      const [f] = await t.owner.query(`SELECT id, type, status, evidence FROM findings WHERE user_id = $1 AND evidence->'expense'->>'id' = $2`, [
        alice.id,
        watch.id,
      ]);
      return f;
    }, 20_000);
    expect(Date.now() - before).toBeLessThan(20_000);
    expect(finding).toMatchObject({ type: 'anomaly', status: 'pending' });
    expect(finding.evidence.realtime).toBe(true);
    expect(finding.evidence.modelVersion).toBeGreaterThanOrEqual(1);

    // one job for the import, with every created expense; the usual purchases raise nothing
    const jobs = await realtimeJobs(alice.id);
    expect(jobs).toHaveLength(1);
    expect([...jobs[0].data.expenseIds].sort()).toEqual(imported.map((e) => e.id).sort());
    await waitFor(async () => (await realtimeJobs(alice.id))[0].state === 'completed', 20_000);
    const [{ n }] = await t.owner.query(
      `SELECT count(*)::int AS n FROM findings WHERE user_id = $1 AND evidence->'expense'->>'id' = ANY($2)`,
      [alice.id, imported.filter((e) => e.id !== watch.id).map((e) => e.id)],
    );
    expect(n).toBe(0);
  }, 60_000);

  it('imported expenses older than the real-time window are left to the nightly pass (scored as context only)', async () => {
    const alice = customers['alice'];
    const twoMonthsAgo = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const jobsBefore = (await realtimeJobs(alice.id)).length;
    const res = await upload(alice.token, csv(`${twoMonthsAgo},PRIVATE JET CHARTER,SkyHire,9650.00,Travel`), { dryRun: 'false' });
    expect(res.body).toMatchObject({ committed: true, created: 1 });
    const [old] = await t.owner.query(`SELECT id FROM expenses WHERE user_id = $1 AND description = 'PRIVATE JET CHARTER'`, [alice.id]);
    // its job runs (the event carries every created expense) and raises nothing for a purchase two months back
    await waitFor(async () => {
      const jobs = await realtimeJobs(alice.id);
      return jobs.length > jobsBefore && jobs.slice(jobsBefore).every((j) => j.state === 'completed');
    }, 20_000);
    expect(await t.owner.query(`SELECT id FROM findings WHERE user_id = $1 AND evidence->'expense'->>'id' = $2`, [alice.id, old.id])).toEqual([]);
  }, 60_000);

  it('an import refused for invalid rows enqueues nothing (the event goes with the commit)', async () => {
    const alice = customers['alice'];
    const jobsBefore = (await realtimeJobs(alice.id)).length;
    const refused = await upload(alice.token, csv(`${today},Market,,21.30,Groceries`, `${today},Broken,,-abc,Groceries`), { dryRun: 'false' });
    expect(refused.status).toBe(422);
    expect(await realtimeJobs(alice.id)).toHaveLength(jobsBefore);
  });

  it('a customer without analysis consent: the import is stored, nothing is scored', async () => {
    const bob = customers['bob'];
    const res = await upload(bob.token, csv(`${today},LUXURY WATCHES GENEVA,Chronos Luxury,4875.00,Shopping`), { dryRun: 'false' });
    expect(res.body).toMatchObject({ committed: true, created: 1 });
    expect(await realtimeJobs(bob.id)).toHaveLength(0);
  });
});
