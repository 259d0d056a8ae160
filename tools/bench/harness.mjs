// Shared by the benchmark scripts: a throwaway PostgreSQL (or BENCH_DATABASE_URL, a superuser URL),
// a migrated database with a non-superuser application role, and the built API on a loopback port.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureDatabase, startCluster, withCredentials, withDatabase } from '../pg/cluster.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * The benchmark's database: a new one, dropped by stop(). With BENCH_DATABASE_URL, `keep` names a database that is
 * created when missing and kept (`existed` says whether it was there already), so that a long seed can be reused.
 */
export async function startDatabase({ keep } = {}) {
  let superUrl = process.env.BENCH_DATABASE_URL;
  if (keep && !superUrl) throw new Error('a kept benchmark database needs BENCH_DATABASE_URL (a throwaway cluster is deleted afterwards)');
  if (keep !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(keep)) throw new Error('the kept database name must be a lower-case identifier');
  let cluster = null;
  let dir = null;
  if (!superUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'spendguard-bench-'));
    cluster = await startCluster({ dataDir: path.join(dir, 'pg'), port: await freePort(), superPassword: 'bench' });
    superUrl = cluster.superUrl('postgres');
  }
  const database = keep ?? `bench_${Date.now().toString(36)}`;
  let existed = false;
  if (keep) {
    const c = new pg.Client({ connectionString: superUrl });
    await c.connect();
    existed = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [keep])).rowCount === 1;
    await c.end();
  }
  await ensureDatabase(superUrl, { database, appRole: 'spendguard_bench_app', appPassword: 'bench-app' });
  const ownerUrl = withDatabase(superUrl, database);
  // the application connects as `npm start` has it do: through the cluster's Unix socket when it has one
  const tcpAppUrl = withCredentials(ownerUrl, 'spendguard_bench_app', 'bench-app');
  const appUrl = cluster ? cluster.local(tcpAppUrl) : tcpAppUrl;
  execFileSync(process.execPath, ['-r', './tools/ts-register.cjs', 'tools/migrate.ts'], {
    cwd: root,
    env: { ...process.env, MIGRATION_DATABASE_URL: ownerUrl, APP_DB_ROLE: 'spendguard_bench_app' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    ownerUrl,
    appUrl,
    existed,
    async stop() {
      if (!keep) {
        const c = new pg.Client({ connectionString: superUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
        await c.end();
      }
      if (cluster) await cluster.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Builds the production bundles once per benchmark run (BENCH_SKIP_BUILD=true reuses an existing build). */
export function ensureBuilt() {
  if (process.env.BENCH_SKIP_BUILD === 'true' && existsSync(path.join(root, 'dist/apps/api/main.js'))) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('build failed');
}

/** Starts the production build of the API; resolves once /api/health answers. */
export async function startApi(db, extraEnv = {}) {
  ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.appUrl,
      MIGRATION_DATABASE_URL: db.ownerUrl,
      JWT_SECRET: 'bench-secret-0123456789-0123456789-0123456789',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export function createTenant(db, { slug, email, password }) {
  execFileSync(
    process.execPath,
    ['-r', './tools/ts-register.cjs', 'tools/tenant-create.ts', '--slug', slug, '--name', `${slug} bench`, '--admin-email', email, '--admin-password', password],
    { cwd: root, env: { ...process.env, DATABASE_URL: db.appUrl, BCRYPT_COST: '12' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

export const machine = () => ({ cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.arch()}` });
