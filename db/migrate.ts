import 'reflect-metadata';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { baseDataSourceOptions, PGBOSS_SCHEMA, queuePolicies } from '@spendguard/server-data';
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
    await installQueues(options.migrationUrl);
    await tuneJobQueue(ds);
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

/**
 * pg-boss keeps its own schema and versioned migrations; the schema owner installs or upgrades them here
 * and creates the queues, so the application role never needs DDL rights on `public`.
 */
async function installQueues(migrationUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: migrationUrl, schema: PGBOSS_SCHEMA, supervise: false, schedule: false, migrate: true, max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const [name, policy] of Object.entries(queuePolicies())) {
      const queue = { name, policy: 'standard' as const, ...policy };
      if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
      else await boss.createQueue(name, queue);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/**
 * pg-boss fetches the next jobs `ORDER BY priority DESC, created_on, id LIMIT n`, and its own fetch index does not
 * hold that order: with a nightly pass of 10,000 queued jobs every fetch read and sorted all of them (10–17 ms of
 * database CPU each, once per job). An index in the fetch order lets it read the first few instead (0.2 ms). Created on
 * the partitioned job table, it covers every queue's partition, and those added later; re-created by the next
 * migration should a pg-boss upgrade rebuild its tables.
 *
 * The planner only takes that index when it knows the queue is long: a pass enqueues thousands of jobs into a
 * partition whose statistics still describe the few rows left from the night before, and until autovacuum analyses
 * it the fetch sorts them all again. `app_refresh_job_queue_stats(queue)` lets the application role analyse a queue's
 * partition after a large enqueue (when its waiting jobs are at least 1,000 and twice what the statistics say):
 * SECURITY DEFINER, as only the owner may analyse, and limited to pg-boss's partitions.
 */
async function tuneJobQueue(ds: DataSource): Promise<void> {
  await ds.query(`CREATE INDEX IF NOT EXISTS job_fetch_order ON ${PGBOSS_SCHEMA}.job (name, priority DESC, created_on, id) WHERE state < 'active'`);
  await ds.query(`
    CREATE OR REPLACE FUNCTION public.app_refresh_job_queue_stats(p_queue text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      part text;
      estimated real;
      waiting bigint;
    BEGIN
      SELECT q.partition_name INTO part FROM ${PGBOSS_SCHEMA}.queue q WHERE q.name = p_queue;
      IF part IS NULL THEN
        RETURN false;
      END IF;
      SELECT c.reltuples INTO estimated FROM pg_class c WHERE c.oid = format('${PGBOSS_SCHEMA}.%I', part)::regclass;
      EXECUTE format('SELECT count(*) FROM ${PGBOSS_SCHEMA}.%I WHERE state < %L', part, 'active') INTO waiting;
      IF waiting < 1000 OR waiting < 2 * greatest(estimated, 0) THEN
        RETURN false;
      END IF;
      EXECUTE format('ANALYZE ${PGBOSS_SCHEMA}.%I', part);
      RETURN true;
    END $$`);
  await ds.query(`REVOKE ALL ON FUNCTION public.app_refresh_job_queue_stats(text) FROM PUBLIC`);
}

async function grantApplicationRole(ds: DataSource, role: string): Promise<void> {
  const r = quoteIdent(role);
  await ds.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await ds.query(`REVOKE ALL ON TABLE public.migrations FROM ${r}`);
  await ds.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  await ds.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${r}`);
  // The job queue: rows and sequences, and CREATE in its own schema only (pg-boss adds a partition per queue).
  await ds.query(`GRANT USAGE, CREATE ON SCHEMA ${PGBOSS_SCHEMA} TO ${r}`);
  await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${PGBOSS_SCHEMA} TO ${r}`);
  await ds.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${PGBOSS_SCHEMA} TO ${r}`);
  await ds.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${PGBOSS_SCHEMA} TO ${r}`);
}
