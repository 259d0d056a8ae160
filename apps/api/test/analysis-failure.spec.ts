import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnalysisRunsService } from '@spendguard/server-analysis';
import { createTenant, createUser, plantLedger, setConsent, startTestApp, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('a failing analysis job', () => {
  let t: TestApp;
  let tenantId: string;

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
    const id = await createUser(t.owner, tenantId, { email: 'c@fail.test', role: 'customer' });
    await plantLedger(t.owner, tenantId, id, { seed: 5, endDate: '2026-11-20' });
    await setConsent(t.owner, tenantId, id, true);
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
});
