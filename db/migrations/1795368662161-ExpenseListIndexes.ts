import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Under row-level security PostgreSQL evaluates the policy before any non-leakproof condition, so such a
 * condition cannot drive an index: `amount >= x` (numeric comparisons are not leakproof) and `search @@ q`
 * (ts_match_vq is not) would read the whole table. Hence:
 * - amount filters and sorts use the generated `amount_cents` (bigint comparisons are leakproof) and this index;
 * - full-text search goes through `app_expense_search`, which reads the GIN index as the schema owner and scopes
 *   to the transaction's tenant itself (the same setting the policies use), returning ids only.
 */
export class ExpenseListIndexes1795368662161 implements MigrationInterface {
  name = 'ExpenseListIndexes1795368662161';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_expenses_user_amount ON expenses (tenant_id, user_id, amount_cents, id)`);
    await q.query(`
      CREATE FUNCTION app_expense_search(p_user uuid, p_query tsquery) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 200
      AS $$ SELECT id FROM expenses WHERE tenant_id = app_current_tenant() AND user_id = p_user AND search @@ p_query $$`);
    await q.query(`REVOKE ALL ON FUNCTION app_expense_search(uuid, tsquery) FROM PUBLIC`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_expense_search(uuid, tsquery)`);
    await q.query(`DROP INDEX ix_expenses_user_amount`);
  }
}
