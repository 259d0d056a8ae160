import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** Whose data a unit of work may touch. RLS reads these settings; services scope queries by them too. */
export interface TenantScope {
  tenantId: string;
  /** The acting user, recorded for auditing in the database session (optional for system work). */
  userId?: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

export interface UnitOfWorkOptions {
  /**
   * Commit without waiting for the commit record to reach disk (`synchronous_commit = off` for this transaction).
   * Only for work that a later synchronous commit makes durable or that is redone when lost: after a database crash
   * the last fraction of a second of such commits may be missing, never half of one. The analysis jobs use it: their
   * job queue's completion is a synchronous commit written after theirs (which flushes the WAL up to and including
   * it), and a job that never completed is fetched again.
   */
  asyncCommit?: boolean;
}

/**
 * Runs `work` in one transaction whose row-level-security context is the given tenant.
 * The setting is transaction-local (`set_config(..., true)`), so a pooled connection never
 * carries one request's tenant into another's.
 *
 * Opening the transaction and setting the context share one round trip (the ids are validated
 * UUIDs, so they are inlined into a simple-protocol statement); TypeORM's own bookkeeping is then
 * told a transaction is open, so `save()` and nested `transaction()` calls behave as usual.
 */
export async function runInTenant<T>(
  dataSource: DataSource,
  scope: TenantScope,
  work: (em: EntityManager) => Promise<T>,
  options: UnitOfWorkOptions = {},
): Promise<T> {
  if (!isUuid(scope.tenantId)) throw new Error('runInTenant needs a tenant id');
  if (scope.userId && !isUuid(scope.userId)) throw new Error('runInTenant: userId must be a uuid');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(
      `START TRANSACTION; SELECT set_config('app.tenant_id', '${scope.tenantId}', true), set_config('app.user_id', '${scope.userId ?? ''}', true)` +
        (options.asyncCommit ? `, set_config('synchronous_commit', 'off', true)` : ''),
    );
    const tracked = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
    tracked.isTransactionActive = true;
    tracked.transactionDepth = 1;
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/**
 * One read-only statement under the tenant's row-level-security context, in a single round trip:
 * `BEGIN READ ONLY`, the context, the statement and `COMMIT` travel as one simple-protocol message.
 * For keyed lookups on hot paths (every signed-in page asks `/auth/me`), where `runInTenant`'s three
 * round trips and TypeORM's query runner were most of the request's cost.
 *
 * The simple protocol carries no bind parameters, so only uuid parameters are accepted: each is
 * validated and inlined as a `'…'::uuid` literal for its `$n` placeholder (nothing else may appear).
 */
export async function readInTenant<T>(dataSource: DataSource, scope: TenantScope, text: string, uuids: string[] = []): Promise<T[]> {
  if (!isUuid(scope.tenantId)) throw new Error('readInTenant needs a tenant id');
  if (scope.userId && !isUuid(scope.userId)) throw new Error('readInTenant: userId must be a uuid');
  if (text.includes(';')) throw new Error('readInTenant runs exactly one statement');
  uuids.forEach((value, i) => {
    if (!isUuid(value)) throw new Error(`readInTenant: parameter $${i + 1} must be a uuid`);
  });
  const statement = text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = uuids[Number(n) - 1];
    if (value === undefined) throw new Error(`readInTenant: no value for $${n}`);
    return `'${value}'::uuid`;
  });
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  try {
    const results = (await client.query(
      `BEGIN READ ONLY; SELECT set_config('app.tenant_id', '${scope.tenantId}', true), set_config('app.user_id', '${scope.userId ?? ''}', true); ${statement}; COMMIT`,
    )) as unknown as Array<{ rows: T[] }>;
    const found = results[2].rows;
    client.release();
    return found;
  } catch (error) {
    // An error inside an explicit transaction block of a multi-statement message leaves the block
    // open and aborted: end it before the connection goes back to the pool (or drop the connection).
    const ended = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    client.release(ended ? undefined : true);
    throw error;
  }
}

/** Looks a tenant up by slug through the SECURITY DEFINER function (the tenants table itself is under RLS). */
export async function resolveTenantId(executor: DataSource | EntityManager, slug: string): Promise<string | null> {
  const rows: Array<{ id: string | null }> = await executor.query('SELECT app_tenant_id_by_slug($1) AS id', [
    slug.trim().toLowerCase(),
  ]);
  return rows[0]?.id ?? null;
}
