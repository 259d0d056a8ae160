import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = [
  'users',
  'refresh_tokens',
  'categories',
  'expenses',
  'expense_revisions',
  'budgets',
  'fx_rates',
  'consents',
  'consent_events',
];

/**
 * What entity metadata cannot express: row-level security keyed on the transaction-local
 * `app.tenant_id` setting, the slug lookup used before a tenant is known, and expression,
 * partial and GIN indexes (declared with `synchronize: false` on the entities).
 */
export class RowLevelSecurity1795366238350 implements MigrationInterface {
  name = 'RowLevelSecurity1795366238350';

  public async up(q: QueryRunner): Promise<void> {
    // NULLIF: once set in a session, a transaction-local setting reads back as '' afterwards, not NULL.
    await q.query(`
      CREATE FUNCTION app_current_tenant() RETURNS uuid
      LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$`);
    // Login and registration know only a slug; this is the one way to learn a tenant's id without its context.
    await q.query(`
      CREATE FUNCTION app_tenant_id_by_slug(p_slug text) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT id FROM tenants WHERE slug = lower(p_slug) $$`);

    await q.query(`ALTER TABLE tenants ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE tenants FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON tenants USING (id = app_current_tenant()) WITH CHECK (id = app_current_tenant())`);
    for (const table of TENANT_TABLES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(
        `CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`,
      );
    }

    // Category names are unique per owner (case-insensitively) among live categories.
    await q.query(
      `CREATE UNIQUE INDEX uq_categories_default_name ON categories (tenant_id, lower(name)) WHERE user_id IS NULL AND merged_into_id IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_categories_user_name ON categories (tenant_id, user_id, lower(name)) WHERE user_id IS NOT NULL AND merged_into_id IS NULL`,
    );
    // Idempotent ingestion and duplicate detection.
    await q.query(
      `CREATE UNIQUE INDEX uq_expenses_external_id ON expenses (tenant_id, user_id, external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_expenses_dedupe ON expenses (tenant_id, user_id, occurred_on, amount, lower(description))`);
    await q.query(`CREATE INDEX ix_expenses_user_category ON expenses (tenant_id, user_id, category_id, occurred_on)`);
    // Full-text search over description and merchant (the generated column comes with the entity).
    await q.query(`CREATE INDEX ix_expenses_search ON expenses USING gin (search)`);
    // One recurring budget and one override per month per category.
    await q.query(`CREATE UNIQUE INDEX uq_budgets_recurring ON budgets (tenant_id, user_id, category_id) WHERE month IS NULL`);
    await q.query(`CREATE UNIQUE INDEX uq_budgets_month ON budgets (tenant_id, user_id, category_id, month) WHERE month IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX uq_refresh_tokens_hash ON refresh_tokens (token_hash)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_refresh_tokens_hash`);
    await q.query(`DROP INDEX uq_budgets_month`);
    await q.query(`DROP INDEX uq_budgets_recurring`);
    await q.query(`DROP INDEX ix_expenses_search`);
    await q.query(`DROP INDEX ix_expenses_user_category`);
    await q.query(`DROP INDEX ix_expenses_dedupe`);
    await q.query(`DROP INDEX uq_expenses_external_id`);
    await q.query(`DROP INDEX uq_categories_user_name`);
    await q.query(`DROP INDEX uq_categories_default_name`);
    for (const table of [...TENANT_TABLES].reverse()) {
      await q.query(`DROP POLICY tenant_isolation ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP POLICY tenant_isolation ON tenants`);
    await q.query(`ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE tenants DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION app_tenant_id_by_slug(text)`);
    await q.query(`DROP FUNCTION app_current_tenant()`);
  }
}
