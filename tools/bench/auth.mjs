// npm run bench:auth — GET /api/auth/me throughput and latency, and login latency, against the production
// build on loopback (autocannon, 10 s each). Prints one JSON object on the last line of stdout.
import autocannon from 'autocannon';
import os from 'node:os';
import { createTenant, machine, startApi, startDatabase } from './harness.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
// autocannon's default of 10 concurrent connections for the target figure; a second run at 32 shows the saturated
// server (latency there is mostly queueing: 32 requests in flight over two cores).
const ME_CONNECTIONS = Number(process.env.BENCH_ME_CONNECTIONS ?? 10);
const ME_SATURATED_CONNECTIONS = Number(process.env.BENCH_ME_SATURATED_CONNECTIONS ?? 32);
const LOGIN_CONNECTIONS = Number(process.env.BENCH_LOGIN_CONNECTIONS ?? 4);
// One API process per core, as production runs it (API_WORKERS); BENCH_API_WORKERS=1 for a single process.
const API_WORKERS = Number(process.env.BENCH_API_WORKERS ?? os.availableParallelism());

function run(options) {
  return new Promise((resolve, reject) => autocannon(options, (err, result) => (err ? reject(err) : resolve(result))));
}

const db = await startDatabase();
let api;
try {
  const password = 'Bench-password-1';
  createTenant(db, { slug: 'bench', email: 'admin@bench.test', password });
  // Rate limiting is per client address; every bench request comes from 127.0.0.1, so lift it for the run.
  api = await startApi(db, { AUTH_RATE_LIMIT: '100000', API_WORKERS: String(API_WORKERS) });
  const body = JSON.stringify({ tenant: 'bench', email: 'admin@bench.test', password });
  const loginRes = await fetch(`${api.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const { accessToken } = await loginRes.json();
  const headers = { authorization: `Bearer ${accessToken}` };

  await run({ url: `${api.base}/api/auth/me`, headers, connections: 8, duration: 2 }); // warm-up
  const me = await run({ url: `${api.base}/api/auth/me`, headers, connections: ME_CONNECTIONS, duration: DURATION });
  const saturated = await run({ url: `${api.base}/api/auth/me`, headers, connections: ME_SATURATED_CONNECTIONS, duration: DURATION });
  const login = await run({
    url: `${api.base}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: LOGIN_CONNECTIONS,
    duration: DURATION,
  });
  const ok = (r) => r.non2xx === 0 && r.errors === 0;
  /** One /me run as reported: throughput, latency, load and whether every answer was a 2xx. */
  const summary = (r, connections) => ({
    rps: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    connections,
    requests: r.requests.total,
    allOk: ok(r),
  });
  const result = {
    me: summary(me, ME_CONNECTIONS),
    meSaturated: summary(saturated, ME_SATURATED_CONNECTIONS),
    login: {
      p50Ms: login.latency.p50,
      p99Ms: login.latency.p99,
      rps: Number(login.requests.average.toFixed(1)),
      connections: LOGIN_CONNECTIONS,
      bcryptCost: 12,
      allOk: ok(login),
    },
    apiWorkers: API_WORKERS,
    durationSeconds: DURATION,
    logLevel: 'info',
    database: 'embedded PostgreSQL on this machine, reached through its Unix socket as npm start does',
    machine: machine(),
  };
  console.log(JSON.stringify(result));
} finally {
  await api?.stop();
  await db.stop();
}
