// Generates a migration from the entity changes: starts a throwaway PostgreSQL, applies the existing
// migrations, and asks TypeORM for the difference. Usage: npm run db:migration:generate -- Name
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase, startCluster, withDatabase } from './pg/cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
  console.error('usage: npm run db:migration:generate -- <MigrationName>');
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'spendguard-mig-'));
const cluster = await startCluster({ dataDir: path.join(dir, 'pg'), port: 54000 + Math.floor(Math.random() * 900), superPassword: 'generate' });
try {
  await ensureDatabase(cluster.superUrl(), { database: 'spendguard', appRole: 'spendguard_app', appPassword: 'generate' });
  const env = { ...process.env, MIGRATION_DATABASE_URL: withDatabase(cluster.superUrl(), 'spendguard') };
  const cli = ['-r', './tools/ts-register.cjs', 'node_modules/typeorm/cli.js'];
  execFileSync('node', [...cli, 'migration:run', '-d', 'db/data-source.ts'], { cwd: root, env, stdio: 'inherit' });
  execFileSync('node', [...cli, 'migration:generate', `db/migrations/${name}`, '-d', 'db/data-source.ts', '--pretty'], { cwd: root, env, stdio: 'inherit' });
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
