import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTenant, createUser, plantLedger, setConsent, startTestApp, TestApp, waitFor } from '@spendguard/server-testing';
import { AnalysisRunsService } from '@spendguard/server-analysis';
import { AppModule } from '../../api/src/app/app.module';

const root = path.resolve(__dirname, '../../..');

function startWorker(t: TestApp, artifactsDir: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', './tools/ts-register.cjs', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'development',
      DATABASE_URL: t.db.appUrl,
      JWT_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '1',
      QUEUE_MAINTENANCE_SECONDS: '1',
      ML_ARTIFACTS_DIR: artifactsDir,
    },
    stdio: 'ignore',
  });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

describe('a worker killed mid-job (SIGKILL)', () => {
  let t: TestApp;
  let tenantId: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    tenantId = await createTenant(t.owner, 'kill', { timezone: 'UTC' });
    for (let i = 0; i < 3; i++) {
      const id = await createUser(t.owner, tenantId, { email: `c${i}@kill.test`, role: 'customer' });
      await plantLedger(t.owner, tenantId, id, { seed: 100 + i, endDate: '2026-11-20' });
      await setConsent(t.owner, tenantId, id, true);
    }
    // a dead worker's job comes back after its expiry: keep that short here
    await t.owner.query(`UPDATE pgboss.queue SET expire_seconds = 4 WHERE name = 'analysis-customer'`);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await t.close();
  });

  it('loses nothing: the job is picked up again after its expiry and creates no duplicate findings', async () => {
    const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'sg-kill-'));
    const first = startWorker(t, artifactsDir);
    workers.push(first.child);
    const { enqueued } = await t.app.get(AnalysisRunsService).enqueueNightly(tenantId, '2026-11-20');
    expect(enqueued).toBe(3);

    const victim = await waitFor(async () => {
      const [run] = await t.owner.query(`SELECT id, user_id FROM analysis_runs WHERE tenant_id = $1 AND status = 'running' LIMIT 1`, [tenantId]);
      return run;
    }, 60_000, 25); // poll quickly: the kill must land while the job runs
    first.child.kill('SIGKILL');
    await first.exited;
    const [stuck] = await t.owner.query(`SELECT status FROM analysis_runs WHERE id = $1`, [victim.id]);
    expect(['running', 'succeeded']).toContain(stuck.status);

    const second = startWorker(t, artifactsDir);
    workers.push(second.child);
    const done = await waitFor(async () => {
      const runs = await t.owner.query(`SELECT id, status, attempts, findings_created FROM analysis_runs WHERE tenant_id = $1`, [tenantId]);
      return runs.every((r: { status: string }) => r.status === 'succeeded') ? runs : null;
    }, 90_000);
    expect(done).toHaveLength(3);
    const killed = done.find((r: { id: string }) => r.id === victim.id);
    if (stuck.status === 'running') expect(killed.attempts).toBeGreaterThanOrEqual(2);

    const duplicates = await t.owner.query(
      `SELECT user_id, fingerprint, count(*)::int AS n FROM findings WHERE tenant_id = $1 GROUP BY 1, 2 HAVING count(*) > 1`,
      [tenantId],
    );
    expect(duplicates).toEqual([]);
    // pg-boss completes a job just after its run's transaction commits (and the victim's job, once expired, is taken
    // again and finds its run done): wait for the queue to catch up with the runs
    const completedJobs = async () =>
      (
        await t.owner.query(
          `SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'analysis-customer' AND state = 'completed' AND data->>'tenantId' = $1`,
          [tenantId],
        )
      )[0].jobs as number;
    const jobs = await waitFor(async () => {
      const n = await completedJobs();
      return n >= 3 ? n : null;
    }, 60_000);
    expect(jobs).toBe(3);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);
});
