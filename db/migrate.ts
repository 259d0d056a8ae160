import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { baseDataSourceOptions } from '@spendguard/server-data';
import { MIGRATIONS } from './migrations';

export interface MigrateOptions {
  /** A connection that owns the schema (runs DDL). */
  migrationUrl: string;
  /** The application's login role, granted DML when it differs from the migration role. */
  appRole?: string | null;
}

const LOCK_KEY = 7_266_393_011; // any constant shared by every process that migrates this database

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Applies pending migrations under an advisory lock (so replicas starting together do not race) and
 * grants the application role what it needs, nothing more: DML on the tables, never DDL, never BYPASSRLS.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<string[]> {
  const ds = new DataSource({
    ...baseDataSourceOptions({ url: options.migrationUrl, poolSize: 2, applicationName: 'spendguard-migrate' }),
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
  });
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    if (options.appRole) {
      const owner: Array<{ current_user: string }> = await ds.query('SELECT current_user');
      if (owner[0]?.current_user !== options.appRole) await grantApplicationRole(ds, options.appRole);
    }
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await ds.destroy();
  }
}

async function grantApplicationRole(ds: DataSource, role: string): Promise<void> {
  const r = quoteIdent(role);
  await ds.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await ds.query(`REVOKE ALL ON TABLE public.migrations FROM ${r}`);
  await ds.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  await ds.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${r}`);
}
