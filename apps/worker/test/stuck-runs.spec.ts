import { DataSource } from 'typeorm';
import { AnalysisRunsService, JobQueue, reconcileRuns } from '@spendguard/server-analysis';
import { QUEUES } from '@spendguard/server-data';
import { createTenant, createUser, login, setConsent, startTestApp, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../../api/src/app/app.module';

/**
 * Runs whose pg-boss job ended without them recording an outcome (a worker killed on the last attempt, a job
 * cancelled or archived before it ran, a job gone) are failed with the reason, by the workers' periodic
 * maintenance (reconcileRuns) and when an admin looks at the queue. No worker runs here: the jobs are moved through
 * their states by pg-boss itself (fetch, its expiry and archiving maintenance, cancel).
 */
describe('runs whose job ended without an outcome', () => {
  let t: TestApp;
  let ds: DataSource;
  let tenantId: string;
  let customerId: string;
  let admin: string;

  const boss = () => t.app.get(JobQueue).boss;
  const enqueue = async (): Promise<string> => (await t.app.get(AnalysisRunsService).enqueueOnDemand({ tenantId }, customerId)).id;
  const run = async (id: string) =>
    (await t.owner.query(`SELECT status, error, job_id, finished_at FROM analysis_runs WHERE id = $1`, [id]))[0] as {
      status: string;
      error: string | null;
      job_id: string | null;
      finished_at: Date | null;
    };
  const jobState = async (id: string) => (await t.owner.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id]))[0]?.state ?? null;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    ds = t.app.get(DataSource);
    tenantId = await createTenant(t.owner, 'stuck', { timezone: 'UTC' });
    customerId = await createUser(t.owner, tenantId, { email: 'c@stuck.test', role: 'customer' });
    await createUser(t.owner, tenantId, { email: 'admin@stuck.test', role: 'admin' });
    await setConsent(t.owner, tenantId, customerId, true);
    admin = (await login(t, 'stuck', 'admin@stuck.test')).accessToken;
  }, 120_000);
  afterAll(() => t?.close());

  it('a run whose worker died on the last attempt (its job expired into failed) becomes failed with the reason', async () => {
    const runId = await enqueue();
    // a worker takes the job and claims the run...
    const [job] = await boss().fetch(QUEUES.customerAnalysis);
    expect(job.id).toBe(runId);
    await t.owner.query(`UPDATE analysis_runs SET status = 'running', started_at = now(), attempts = 3 WHERE id = $1`, [runId]);
    // ...on its last attempt, and is killed: pg-boss expires the active job, and with no retry left it fails it
    await t.owner.query(`UPDATE pgboss.job SET retry_count = retry_limit, expire_in = interval '1 second' WHERE id = $1`, [runId]);
    await new Promise((r) => setTimeout(r, 1200));
    await boss().maintain();
    expect(await jobState(runId)).toBe('failed');
    expect(await run(runId)).toMatchObject({ status: 'running' });

    expect(await reconcileRuns(ds)).toBe(1);
    const done = await run(runId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^The analysis job failed without recording an outcome \(job failed by timeout/);
    expect(done.finished_at).not.toBeNull();
    expect(await reconcileRuns(ds)).toBe(0);
  }, 30_000);

  it('a job cancelled, or archived before it ran, or gone, fails its run; live jobs and fresh runs are left alone', async () => {
    const cancelled = await enqueue();
    await boss().cancel(QUEUES.customerAnalysis, cancelled);
    const expired = await enqueue();
    // past its retention while still waiting: pg-boss's maintenance archives it unrun
    await t.owner.query(`UPDATE pgboss.job SET keep_until = now() - interval '1 second' WHERE id = $1`, [expired]);
    await boss().maintain();
    expect(await jobState(expired)).toBeNull();
    const waiting = await enqueue();
    const active = await enqueue();
    // fetch takes the oldest waiting job first: skip `waiting` by starting it later
    await t.owner.query(`UPDATE pgboss.job SET start_after = now() + interval '1 hour' WHERE id = $1`, [waiting]);
    const [fetched] = await boss().fetch(QUEUES.customerAnalysis);
    expect(fetched.id).toBe(active);
    await t.owner.query(`UPDATE analysis_runs SET status = 'running' WHERE id = $1`, [active]);
    const [{ id: gone }] = await t.owner.query(
      `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status, job_id, queued_at)
       VALUES ($1, $2, 'on_demand', '2026-11-20', 'queued', gen_random_uuid(), now() - interval '1 hour') RETURNING id`,
      [tenantId, customerId],
    );
    const [{ id: fresh }] = await t.owner.query(
      `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status, job_id)
       VALUES ($1, $2, 'on_demand', '2026-11-20', 'queued', gen_random_uuid()) RETURNING id`,
      [tenantId, customerId],
    );

    // an admin looking at the queue sees them failed (the same reconciliation, for the tenant)
    const res = await t.http().get('/api/admin/queue').set('authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    const failures = new Map(res.body.recentFailures.map((r: { id: string; error: string }) => [r.id, r.error]));
    expect(failures.get(cancelled)).toBe('The analysis job was cancelled without recording an outcome');
    expect(failures.get(expired)).toBe('The analysis job was archived (created) without recording an outcome');
    expect(failures.get(gone)).toBe('The analysis job is missing');
    expect(await run(waiting)).toMatchObject({ status: 'queued', error: null });
    expect(await run(active)).toMatchObject({ status: 'running', error: null });
    expect(await run(fresh)).toMatchObject({ status: 'queued', error: null });
    expect(await reconcileRuns(ds)).toBe(0);
  }, 30_000);
});
