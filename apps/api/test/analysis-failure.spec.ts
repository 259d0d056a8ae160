import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnalysisRunsService, JobQueue } from '@spendguard/server-analysis';
import { QUEUES } from '@spendguard/server-data';
import { createTenant, createUser, plantLedger, setConsent, startTestApp, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('a failing analysis job', () => {
  let t: TestApp;
  let tenantId: string;
  let customerId: string;

  beforeAll(async () => {
    // artifacts cannot be written (the directory is a regular file): every attempt fails
    const blocked = path.join(os.tmpdir(), `sg-blocked-${process.pid}`);
    writeFileSync(blocked, 'not a directory');
    t = await startTestApp((config) => AppModule.forRoot(config), {
      RUN_WORKER: 'true',
      ML_ARTIFACTS_DIR: blocked,
      QUEUE_MAINTENANCE_SECONDS: '1',
    });
    tenantId = await createTenant(t.owner, 'fail', { timezone: 'UTC' });
    customerId = await createUser(t.owner, tenantId, { email: 'c@fail.test', role: 'customer' });
    await plantLedger(t.owner, tenantId, customerId, { seed: 5, endDate: '2026-11-20' });
    await setConsent(t.owner, tenantId, customerId, true);
  }, 120_000);
  afterAll(() => t.close());

  it('is retried with backoff (3 attempts) and then ends as failed with the error recorded', async () => {
    await t.app.get(AnalysisRunsService).enqueueNightly(tenantId, '2026-11-20');
    const start = Date.now();
    let run: { status: string; attempts: number; error: string | null; job_id: string } | undefined;
    while (Date.now() - start < 60_000) {
      [run] = await t.owner.query(`SELECT status, attempts, error, job_id FROM analysis_runs WHERE tenant_id = $1`, [tenantId]);
      if (run?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(run).toMatchObject({ status: 'failed', attempts: 3 });
    expect(run!.error).toMatch(/ENOTDIR|not a directory|EEXIST/i);
    const [job] = await t.owner.query(`SELECT state, retry_count FROM pgboss.job WHERE id = $1`, [run!.job_id]);
    expect(job).toEqual({ state: 'failed', retry_count: 2 });
    const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE tenant_id = $1`, [tenantId]);
    expect(n).toBe(0);
  }, 90_000);

  it("a run left running when its job failed without recording the outcome is failed by the worker's maintenance", async () => {
    // a run a worker claimed, whose job then failed with no outcome recorded (the worker was gone)
    const [{ id: runId }] = await t.owner.query(
      `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status, started_at, attempts)
       VALUES ($1, $2, 'on_demand', '2026-11-20', 'running', now(), 1) RETURNING id`,
      [tenantId, customerId],
    );
    await t.owner.query(`UPDATE analysis_runs SET job_id = id WHERE id = $1`, [runId]);
    const boss = t.app.get(JobQueue).boss;
    // far in the future, so that no worker here takes it; with no retry left, pg-boss fails it for good
    await boss.insert([{ name: QUEUES.customerAnalysis, id: runId, data: { tenantId, customerId, runId }, startAfter: new Date(Date.now() + 3_600_000), retryLimit: 0 }]);
    await boss.fail(QUEUES.customerAnalysis, runId, { message: 'worker gone' });
    const [job] = await t.owner.query(`SELECT state FROM pgboss.job WHERE id = $1`, [runId]);
    expect(job.state).toBe('failed');
    const start = Date.now();
    let run: { status: string; error: string | null } | undefined;
    while (Date.now() - start < 20_000) {
      [run] = await t.owner.query(`SELECT status, error FROM analysis_runs WHERE id = $1`, [runId]);
      if (run?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(run).toEqual({ status: 'failed', error: 'The analysis job failed without recording an outcome (worker gone)' });
  }, 30_000);
});
