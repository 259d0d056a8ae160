import type { EntityManager } from 'typeorm';

/**
 * Raw SQL inside a unit of work, with one result shape whatever the statement
 * (TypeORM's `query()` returns `[rows, count]` for UPDATE/DELETE but plain rows otherwise).
 */
export async function rows<T>(em: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  return (await structured(em, text, params)).records as T[];
}

/** Number of rows an INSERT/UPDATE/DELETE touched. */
export async function affected(em: EntityManager, text: string, params: unknown[] = []): Promise<number> {
  const res = await structured(em, text, params);
  return res.affected ?? res.records.length;
}

async function structured(em: EntityManager, text: string, params: unknown[]) {
  const runner = em.queryRunner;
  if (!runner) throw new Error('rows()/affected() must run inside a transaction (TenantDb.tx / runInTenant)');
  return runner.query(text, params, true);
}
