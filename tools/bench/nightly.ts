// npm run bench:nightly -- --customers N --tx-per-customer M --workers W [--concurrency C] [--nights K]
// Seeds a tenant with N consenting customers (M expenses each over 24 months, from the synthetic ledger),
// starts W worker processes (production build), each consuming C jobs at a time (default 4, the product's
// WORKER_CONCURRENCY default: the jobs' database waits overlap the others' computation), runs the nightly pass
// through the API and measures it. Throughput settles after the first few hundred jobs (JIT, caches, pools):
// the target is for 10,000 customers, so measure with --customers 1000 or more.
// The first night trains every customer's anomaly model; with --nights K > 1 the following nights (one day apart)
// are measured too (`nights`), where the models are reused (ANALYSIS_RETRAIN_DAYS). ANALYSIS_BATCH_SIZE and
// ANALYSIS_RETRAIN_DAYS are passed on to the workers when set.
// BENCH_DATABASE_NAME=<name> (with BENCH_DATABASE_URL, a cluster of your own): the seeded database is kept under that
// name, and a later run with the same --customers and --tx-per-customer reuses it instead of seeding again (10,000
// customers take a quarter of an hour); the previous passes' runs, findings, models and jobs are deleted first.
// Prints one JSON object as the last line of stdout (the headline figures are the first night's).
import 'reflect-metadata';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { generateLedger } from '@spendguard/ml';
import { baseDataSourceOptions, PGBOSS_SCHEMA, rows, runInTenant } from '@spendguard/server-data';

interface Harness {
  root: string;
  startDatabase(options?: { keep?: string }): Promise<{ ownerUrl: string; appUrl: string; existed: boolean; stop(): Promise<void> }>;
  startApi(db: unknown, env: Record<string, string>): Promise<{ base: string; pid: number; stop(): Promise<void> }>;
  createTenant(db: unknown, t: { slug: string; email: string; password: string }): void;
  ensureBuilt(): void;
  machine(): Record<string, unknown>;
}
// a real dynamic import (ts-node would turn `import()` into require) for the ESM harness
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Harness>;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000' },
    'tx-per-customer': { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '4' },
    nights: { type: 'string', default: '1' },
  },
});
const N = Number(values.customers);
const M = Number(values['tx-per-customer']);
const W = Number(values.workers);
const C = Number(values.concurrency);
const NIGHTS = Math.max(1, Number(values.nights));
const END = '2026-10-31';

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

async function seed(ds: DataSource, tenantId: string): Promise<number> {
  let total = 0;
  const BLOCK = 50;
  for (let start = 0; start < N; start += BLOCK) {
    const count = Math.min(BLOCK, N - start);
    const ledger = generateLedger({ seed: 'bench-nightly', customers: count, firstCustomerIndex: start + 1, months: 24, endDate: END });
    await runInTenant(ds, { tenantId }, async (em) => {
      const cats = new Map(
        (await rows<{ id: string; name: string }>(em, `SELECT id, name FROM categories WHERE tenant_id = $1`, [tenantId])).map((c) => [c.name, c.id]),
      );
      for (const customer of ledger.customers) {
        const [user] = await rows<{ id: string }>(
          em,
          `INSERT INTO users (tenant_id, email, role, display_name, password_hash)
           VALUES ($1, $2, 'customer', $3, 'x') RETURNING id`,
          [tenantId, `${customer.userId}-${start}@bench.test`, customer.displayName],
        );
        await rows(em, `INSERT INTO consents (tenant_id, user_id, analysis_granted, granted_at) VALUES ($1, $2, true, now())`, [tenantId, user.id]);
        const all = ledger.transactions.filter((t) => t.userId === customer.userId);
        // M expenses spread over the 24 months: an even thinning that keeps the order (and the anomalies' context)
        const step = all.length / Math.min(M, all.length);
        const txns = Array.from({ length: Math.min(M, all.length) }, (_, i) => all[Math.floor(i * step)]);
        total += txns.length;
        await rows(
          em,
          `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
           SELECT $1, $2, d.on_date::date, d.local_ts::timestamp AT TIME ZONE 'UTC', d.amount::numeric, 'USD', d.description, d.merchant, d.category_id::uuid, 'seed'
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
               AS d(on_date, local_ts, amount, description, merchant, category_id)`,
          [
            tenantId,
            user.id,
            txns.map((t) => t.date),
            txns.map((t) => t.occurredAt),
            txns.map((t) => t.amount.toFixed(2)),
            txns.map((t) => t.description),
            txns.map((t) => t.merchant),
            txns.map((t) => cats.get(t.category) ?? null),
          ],
        );
      }
    });
  }
  return total;
}

/**
 * A kept database seeded by an earlier run with the same --customers and --tx-per-customer: the analysis state of the
 * earlier passes is deleted (runs, findings and their history, models, queued and archived jobs) and the seed reused.
 * A database holding anything else is refused rather than changed.
 */
async function reuseSeed(owner: DataSource): Promise<{ expenses: number } | null> {
  const [found] = await owner.query(
    `SELECT t.id, (SELECT count(*)::int FROM users u WHERE u.tenant_id = t.id AND u.role = 'customer') AS customers,
            (SELECT count(*)::int FROM expenses e WHERE e.tenant_id = t.id) AS expenses,
            (SELECT count(*)::int FROM tenants) AS tenants
       FROM tenants t WHERE t.slug = 'bench'`,
  );
  if (!found) return null;
  if (found.tenants !== 1 || found.customers !== N || found.expenses === 0 || found.expenses > N * M) {
    throw new Error(
      `the kept database holds ${found.tenants} tenant(s) and ${found.customers} bench customers with ${found.expenses} expenses, not a seed for --customers ${N} --tx-per-customer ${M}: drop it or choose another BENCH_DATABASE_NAME`,
    );
  }
  await owner.transaction(async (em) => {
    await em.query(`TRUNCATE findings, finding_events, annotations, analysis_runs, model_artifacts, reports`);
    await em.query(`DELETE FROM ${PGBOSS_SCHEMA}.job`);
    await em.query(`DELETE FROM ${PGBOSS_SCHEMA}.archive`);
  });
  await owner.query('VACUUM ANALYZE analysis_runs');
  return { expenses: found.expenses };
}

async function main(): Promise<void> {
  const h = await importEsm(path.resolve(__dirname, 'harness.mjs'));
  h.ensureBuilt();
  const db = await h.startDatabase({ keep: process.env['BENCH_DATABASE_NAME'] || undefined });
  const artifacts = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-artifacts-'));
  const workers: ChildProcess[] = [];
  let api: Awaited<ReturnType<Harness['startApi']>> | null = null;
  try {
    const owner = await new DataSource(baseDataSourceOptions({ url: db.ownerUrl, poolSize: 1 })).initialize();
    const reused = db.existed ? await reuseSeed(owner) : null;
    if (!reused) h.createTenant(db, { slug: 'bench', email: 'admin@bench.test', password: 'Bench-password-1' });
    const ds = await new DataSource(baseDataSourceOptions({ url: db.appUrl, poolSize: 4 })).initialize();
    const [tenant] = await ds.query(`SELECT app_tenant_id_by_slug('bench') AS id`);
    const seedStart = Date.now();
    const expenses = reused ? reused.expenses : await seed(ds, tenant.id);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    // The seed has just written millions of rows (gigabytes at 10,000 customers). A night's pass normally runs on a
    // database whose pages are on disk and whose tables autovacuum has visited: do both now, as bench:expenses does,
    // rather than let the checkpoint of the seed and the first autovacuum of its tables run inside the measured pass.
    await owner.query('VACUUM ANALYZE expenses');
    await owner.query('VACUUM ANALYZE users');
    await owner.query('VACUUM ANALYZE consents');
    await owner.query('CHECKPOINT');
    await owner.destroy();
    // scheduler and workers off in the API: the measured work happens in the worker processes only
    api = await h.startApi(db, { RUN_WORKER: 'false', RUN_SCHEDULER: 'false', ML_ARTIFACTS_DIR: artifacts });
    for (let i = 0; i < W; i++) {
      workers.push(
        // BENCH_CPU_PROFILE_DIR=<dir>: each worker writes a V8 CPU profile there (open it in Chrome DevTools)
        spawn(process.execPath, [...(process.env['BENCH_CPU_PROFILE_DIR'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_CPU_PROFILE_DIR']] : []), 'dist/apps/worker/main.js'], {
          cwd: h.root,
          env: {
            PATH: process.env['PATH'] ?? '',
            NODE_ENV: 'production',
            DATABASE_URL: db.appUrl,
            JWT_SECRET: 'bench-secret-0123456789-0123456789-0123456789',
            LOG_LEVEL: 'warn',
            WORKER_CONCURRENCY: String(C),
            ML_ARTIFACTS_DIR: artifacts,
            ...(process.env['ANALYSIS_BATCH_SIZE'] ? { ANALYSIS_BATCH_SIZE: process.env['ANALYSIS_BATCH_SIZE'] } : {}),
            ...(process.env['ANALYSIS_RETRAIN_DAYS'] ? { ANALYSIS_RETRAIN_DAYS: process.env['ANALYSIS_RETRAIN_DAYS'] } : {}),
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    const login = await fetch(`${api.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'bench', email: 'admin@bench.test', password: 'Bench-password-1' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    await new Promise((r) => setTimeout(r, 3000)); // let the workers connect
    const night = async (date: string) => {
      const load = os.loadavg().map((x) => Number(x.toFixed(2)));
      const started = Date.now();
      const res = await fetch(`${api?.base}/api/admin/analysis/nightly`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ date }),
      });
      const { enqueued } = (await res.json()) as { enqueued: number };
      const deadline = started + 30 * 60_000;
      for (;;) {
        const [counts] = await runInTenant(ds, { tenantId: tenant.id }, (em) =>
          rows<{ open: number; failed: number }>(
            em,
            `SELECT count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS open, count(*) FILTER (WHERE status = 'failed')::int AS failed
               FROM analysis_runs WHERE tenant_id = $1 AND run_date = $2`,
            [tenant.id, date],
          ),
        );
        if (counts.open === 0 || Date.now() > deadline) break;
        // a light poll: this count over the night's runs shares the two cores with the workers being measured
        await new Promise((r) => setTimeout(r, 1000));
      }
      // the pass ends when its last run finishes (not at the poll that noticed it; same host clock)
      const [{ lastMs }] = await runInTenant(ds, { tenantId: tenant.id }, (em) =>
        rows<{ lastMs: number | null }>(
          em,
          `SELECT (extract(epoch FROM max(finished_at)) * 1000)::float8 AS "lastMs" FROM analysis_runs WHERE tenant_id = $1 AND run_date = $2`,
          [tenant.id, date],
        ),
      );
      const wallSeconds = ((lastMs ?? Date.now()) - started) / 1000;
      const runs = await runInTenant(ds, { tenantId: tenant.id }, (em) =>
        rows<{ ms: number; status: string; findings_created: number; timings: Record<string, number>; counts: Record<string, number> }>(
          em,
          `SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms, status, findings_created, timings, counts
             FROM analysis_runs WHERE tenant_id = $1 AND run_date = $2`,
          [tenant.id, date],
        ),
      );
      const ok = runs.filter((r) => r.status === 'succeeded');
      const durations = ok.map((r) => Number(r.ms)).sort((a, b) => a - b);
      // mean per-stage milliseconds (analysis_runs.timings)
      const stages: Record<string, number> = {};
      for (const r of ok) for (const [k, v] of Object.entries(r.timings ?? {})) stages[k] = (stages[k] ?? 0) + Number(v) / ok.length;
      for (const k of Object.keys(stages)) stages[k] = Math.round(stages[k] * 10) / 10;
      return {
        date,
        customers: enqueued,
        wallSeconds: Number(wallSeconds.toFixed(2)),
        customersPerSecond: Number((durations.length / wallSeconds).toFixed(2)),
        perCustomerMs: { p50: Math.round(quantile(durations, 0.5)), p99: Math.round(quantile(durations, 0.99)) },
        succeeded: durations.length,
        failed: runs.filter((r) => r.status === 'failed').length,
        retrained: ok.reduce((n, r) => n + (r.counts?.['retrained'] ?? 1), 0),
        findingsPerCustomer: Number((runs.reduce((s, r) => s + r.findings_created, 0) / Math.max(1, runs.length)).toFixed(2)),
        stageMeanMs: stages,
        loadAvgAtStart: load,
        loadAvgAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))),
      };
    };
    const nights = [];
    for (let k = 0; k < NIGHTS; k++) nights.push(await night(addDays(END, k)));
    const first = nights[0];
    await ds.destroy();
    const peak = Math.max(...workers.map((w) => peakRssMb(w.pid ?? 0)));
    const result = {
      customers: first.customers,
      txPerCustomer: M,
      expenses,
      workers: W,
      concurrencyPerWorker: C,
      wallSeconds: first.wallSeconds,
      customersPerSecond: first.customersPerSecond,
      perCustomerMs: first.perCustomerMs,
      succeeded: first.succeeded,
      failed: first.failed,
      findingsPerCustomer: first.findingsPerCustomer,
      peakRssMb: peak,
      stageMeanMs: first.stageMeanMs,
      loadAvg: first.loadAvgAtStart,
      ...(NIGHTS > 1 ? { nights } : {}),
      seedSeconds: reused ? null : Number(seedSeconds.toFixed(1)),
      seedReused: !!reused,
      machine: h.machine(),
    };
    console.log(JSON.stringify(result));
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    await api?.stop();
    await db.stop();
    rmSync(artifacts, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
