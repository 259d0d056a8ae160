import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - Progress of an analysis run: the stage it is in and a percentage, written once per stage by the worker.
 * - `app_fx_rate`: the one rule for converting an expense into the tenant's currency (the latest monthly rate at
 *   or before the expense's month), shared by the analysis and the budgets. It runs as the caller, so the rates
 *   table's row-level security applies as usual.
 * - `app_unfinished_analysis_tenants`: the one cross-tenant read the workers' maintenance needs (which tenants have
 *   queued or running runs, to reconcile runs whose job ended without recording an outcome), on a partial index
 *   that holds only those runs.
 */
export class AnalysisRunConsistency1795377000000 implements MigrationInterface {
  name = 'AnalysisRunConsistency1795377000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analysis_runs ADD COLUMN stage varchar(16)`);
    await q.query(`ALTER TABLE analysis_runs ADD COLUMN progress smallint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE analysis_runs ADD CONSTRAINT ck_analysis_runs_progress CHECK (progress BETWEEN 0 AND 100)`);
    await q.query(`CREATE INDEX ix_analysis_runs_unfinished ON analysis_runs (tenant_id) WHERE status IN ('queued', 'running')`);
    await q.query(`
      CREATE FUNCTION app_fx_rate(p_tenant uuid, p_currency text, p_on date) RETURNS numeric
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT f.rate FROM fx_rates f
             WHERE f.tenant_id = p_tenant AND f.currency = p_currency AND f.month <= date_trunc('month', p_on)::date
             ORDER BY f.month DESC LIMIT 1 $$`);
    await q.query(`
      CREATE FUNCTION app_unfinished_analysis_tenants() RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT DISTINCT tenant_id FROM analysis_runs WHERE status IN ('queued', 'running') $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_unfinished_analysis_tenants()`);
    await q.query(`DROP FUNCTION app_fx_rate(uuid, text, date)`);
    await q.query(`DROP INDEX ix_analysis_runs_unfinished`);
    await q.query(`ALTER TABLE analysis_runs DROP CONSTRAINT ck_analysis_runs_progress`);
    await q.query(`ALTER TABLE analysis_runs DROP COLUMN progress`);
    await q.query(`ALTER TABLE analysis_runs DROP COLUMN stage`);
  }
}
