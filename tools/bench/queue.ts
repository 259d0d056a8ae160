// bench:queue — the review queue with 100,000 findings in one tenant, on a real PostgreSQL, through the real HTTP
// stack: the first page of filtered queue lists (p95 over every shape), GET /findings/next (p95), single approvals
// (p95) and bulk approvals of 500 (the slowest run). The API runs in this process on a loopback port. Prints one JSON
// object as the last line of stdout.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { hashPassword } from '@spendguard/server-core';
import { provisionTenant, rows, runInTenant } from '@spendguard/server-data';
import { InProcessApi, startInProcessApi } from './in-process-api';



const FINDINGS = 100_000;
const CUSTOMERS = 2_000;
const WARMUP = 10;
const LIST_RUNS = 200;
const NEXT_RUNS = 300;
const DECISION_RUNS = 300;
const BULK_RUNS = 5;
const BULK_SIZE = 500;
const PASSWORD = 'Bench-password-1';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function stats(times: number[]): { p50Ms: number; p95Ms: number; maxMs: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), maxMs: round(sorted[sorted.length - 1]) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * 100,000 findings over 2,000 consenting customers, set-based: ~60% pending, 8% in review (half with lapsed claims),
 * 2% snoozed (some due to wake), 20% approved, 10% dismissed; every type and severity, due dates around now; each
 * with its `created` event.
 */
async function seed(owner: InProcessApi['owner'], tenantId: string, hash: string): Promise<void> {
  await runInTenant(owner, { tenantId }, async (em) => {
    await rows(
      em,
      `INSERT INTO users (tenant_id, email, role, display_name, password_hash)
       SELECT $1, e.email, e.role, split_part(e.email, '@', 1), $2
         FROM (VALUES ('reviewer@bench.test', 'reviewer'), ('supervisor@bench.test', 'supervisor')) AS e(email, role)`,
      [tenantId, hash],
    );
    await rows(
      em,
      `INSERT INTO users (tenant_id, email, role, display_name, password_hash)
       SELECT $1, 'customer' || i || '@bench.test', 'customer', 'Customer ' || i, $2 FROM generate_series(1, $3) AS i`,
      [tenantId, hash, CUSTOMERS],
    );
    await rows(
      em,
      `INSERT INTO consents (tenant_id, user_id, analysis_granted, granted_at)
       SELECT tenant_id, id, true, now() FROM users WHERE tenant_id = $1 AND role = 'customer'`,
      [tenantId],
    );
    const [{ reviewer }] = await rows<{ reviewer: string }>(em, `SELECT id AS reviewer FROM users WHERE tenant_id = $1 AND role = 'reviewer'`, [tenantId]);
    await rows(
      em,
      `WITH customers AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users WHERE tenant_id = $1 AND role = 'customer'),
            g AS (SELECT i, (hashint4(i)::bigint & 1023) AS r, (hashint4(i * 7 + 3)::bigint & 1023) AS s FROM generate_series(1, $2) AS i)
       INSERT INTO findings (tenant_id, user_id, type, severity, score, status, title, message, original_title, original_message,
                             evidence, subject, fingerprint, pattern, due_at, created_at, updated_at, assignee_id, claimed_at,
                             snoozed_until, dismiss_reason, decided_at, approved_at)
       SELECT $1, c.id,
              (ARRAY['anomaly', 'forecast_overrun', 'drift', 'category_merge', 'recurring_change'])[1 + g.s % 5],
              (ARRAY['low', 'medium', 'medium', 'high'])[1 + (g.s / 5) % 4],
              (g.s % 997) / 997.0,
              st.status,
              'Finding ' || g.i, 'A payment far above the usual spending at this merchant (' || g.i || ').',
              'Finding ' || g.i, 'A payment far above the usual spending at this merchant (' || g.i || ').',
              jsonb_build_object('expense', jsonb_build_object('id', gen_random_uuid(), 'amount', (g.s * 3.7)::numeric(12, 2), 'merchant', 'Merchant ' || g.s % 50)),
              jsonb_build_object('merchant', 'Merchant ' || g.s % 50),
              'bench:' || g.i, 'bench:merchant:' || g.s % 50,
              now() + make_interval(hours => ((g.r % 240) - 72)::int),
              now() - make_interval(mins => g.i % 43200), now(),
              CASE WHEN st.status = 'in_review' THEN $3::uuid END,
              CASE WHEN st.status = 'in_review' THEN now() - make_interval(mins => CASE WHEN g.r % 2 = 0 THEN 5 ELSE 120 END) END,
              CASE WHEN st.status = 'snoozed' THEN now() + make_interval(hours => ((g.r % 48) - 2)::int) END,
              CASE WHEN st.status = 'dismissed' THEN 'false_positive' END,
              CASE WHEN st.status IN ('approved', 'dismissed') THEN now() END,
              CASE WHEN st.status = 'approved' THEN now() END
         FROM g
         JOIN customers c ON c.n = g.i % $4
         CROSS JOIN LATERAL (SELECT CASE WHEN g.r < 614 THEN 'pending' WHEN g.r < 696 THEN 'in_review' WHEN g.r < 716 THEN 'snoozed'
                                         WHEN g.r < 921 THEN 'approved' ELSE 'dismissed' END AS status) AS st`,
      [tenantId, FINDINGS, reviewer, CUSTOMERS],
    );
    await rows(
      em,
      `INSERT INTO finding_events (tenant_id, finding_id, action, from_status, to_status, at)
       SELECT tenant_id, id, 'created', NULL, 'pending', created_at FROM findings WHERE tenant_id = $1`,
      [tenantId],
    );
  });
  for (const table of ['users', 'consents', 'findings', 'finding_events']) await owner.query(`VACUUM ANALYZE ${table}`);
}

async function main(): Promise<void> {
  const { base, owner, machine, close } = await startInProcessApi();
  try {
    const tenantId = await provisionTenant(owner, { slug: 'bench', name: 'Bench Bank', currency: 'USD', timezone: 'America/New_York' });
    const seedMs = (await timed(async () => seed(owner, tenantId, await hashPassword(PASSWORD, 4)))).ms;

    const token = async (email: string) => {
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'bench', email, password: PASSWORD }),
      });
      if (!res.ok) throw new Error(`login failed: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const reviewer = await token('reviewer@bench.test');
    const supervisor = await token('supervisor@bench.test');
    const headers = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
    const call = async <T>(t: string, method: string, url: string, body?: unknown, expect = 200): Promise<T> => {
      const res = await fetch(`${base}${url}`, { method, headers: headers(t), body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status !== expect) throw new Error(`${method} ${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      return (res.status === 204 ? undefined : await res.json()) as T;
    };

    // ---- first page of the filtered queue -------------------------------------------------------------------------
    const [{ id: someCustomer }] = await owner.query(`SELECT id FROM users WHERE tenant_id = $1 AND role = 'customer' ORDER BY email LIMIT 1`, [tenantId]);
    const shapes: Record<string, Record<string, string>> = {
      pendingByUrgency: { status: 'pending' },
      pendingHigh: { status: 'pending', severity: 'high' },
      anomaliesNewest: { status: 'pending', type: 'anomaly', sort: '-createdAt' },
      overdue: { overdue: 'true', sort: 'dueAt' },
      inReviewByScore: { status: 'in_review', sort: '-score' },
      customer: { customerId: someCustomer },
      unfiltered: {},
    };
    const lists: Record<string, { p50Ms: number; p95Ms: number; maxMs: number; total: number }> = {};
    for (const [name, query] of Object.entries(shapes)) {
      const url = `/findings?${new URLSearchParams(query).toString()}`;
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < LIST_RUNS + WARMUP; i++) {
        const r = await timed(() => call<{ total: number }>(reviewer, 'GET', url));
        total = r.value.total;
        if (i >= WARMUP) times.push(r.ms);
      }
      lists[name] = { ...stats(times), total };
    }
    const listP95Ms = Math.max(...Object.entries(lists).filter(([name]) => name !== 'unfiltered').map(([, v]) => v.p95Ms));

    // ---- next: each call claims the most urgent unclaimed finding -------------------------------------------------
    const claimed: Array<{ id: string; version: number }> = [];
    const nextTimes: number[] = [];
    for (let i = 0; i < NEXT_RUNS + WARMUP; i++) {
      const r = await timed(() => call<{ id: string; version: number; status: string }>(reviewer, 'GET', '/findings/next'));
      if (r.value.status !== 'in_review') throw new Error(`next returned a finding in ${r.value.status}`);
      claimed.push({ id: r.value.id, version: r.value.version });
      if (i >= WARMUP) nextTimes.push(r.ms);
    }

    // ---- single decisions: approve what next claimed ---------------------------------------------------------------
    const decisionTimes: number[] = [];
    for (let i = 0; i < Math.min(DECISION_RUNS + WARMUP, claimed.length); i++) {
      const f = claimed[i];
      const r = await timed(() => call<{ status: string }>(reviewer, 'POST', `/findings/${f.id}/approve`, { version: f.version, note: 'bench' }));
      if (r.value.status !== 'approved') throw new Error(`approve left the finding ${r.value.status}`);
      if (i >= WARMUP) decisionTimes.push(r.ms);
    }

    // ---- bulk approvals of 500 pending findings (claimed on the way) -----------------------------------------------
    const pending: Array<{ id: string }> = await owner.query(
      `SELECT id FROM findings WHERE tenant_id = $1 AND status = 'pending' ORDER BY created_at DESC LIMIT $2`,
      [tenantId, BULK_SIZE * (BULK_RUNS + 1)],
    );
    const bulkTimes: number[] = [];
    for (let run = 0; run <= BULK_RUNS; run++) {
      const ids = pending.slice(run * BULK_SIZE, (run + 1) * BULK_SIZE).map((p) => p.id);
      const r = await timed(() =>
        call<{ results: Array<{ ok: boolean; error?: string }> }>(supervisor, 'POST', '/findings/bulk', { action: 'approve', ids, note: 'bench' }),
      );
      const failed = r.value.results.filter((x) => !x.ok);
      if (r.value.results.length !== BULK_SIZE || failed.length) throw new Error(`bulk: ${failed.length} failed, e.g. ${failed[0]?.error}`);
      if (run > 0) bulkTimes.push(r.ms); // the first run warms up
    }

    const [{ n: findings }] = await owner.query(`SELECT count(*)::int AS n FROM findings WHERE tenant_id = $1`, [tenantId]);
    const result = {
      findings,
      listP95Ms,
      nextP95Ms: stats(nextTimes).p95Ms,
      decisionP95Ms: stats(decisionTimes).p95Ms,
      bulk500Ms: round(Math.max(...bulkTimes)),
      context: {
        customers: CUSTOMERS,
        seedSeconds: round(seedMs / 1000),
        listRuns: LIST_RUNS,
        lists,
        listP95ExcludesUnfiltered: true,
        next: { runs: nextTimes.length, ...stats(nextTimes) },
        decision: { action: 'approve', runs: decisionTimes.length, ...stats(decisionTimes) },
        bulk: { size: BULK_SIZE, runs: bulkTimes.map(round) },
        loadAverage: os.loadavg().map(round),
        ...machine(),
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:queue failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
