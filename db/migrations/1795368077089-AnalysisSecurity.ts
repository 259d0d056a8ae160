import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['analysis_runs', 'model_artifacts', 'findings', 'finding_events', 'embedding_cache'];

/**
 * Row-level security for the analysis tables, the partial unique indexes that make the nightly pass and
 * findings idempotent, and the one cross-tenant read the scheduler needs.
 */
export class AnalysisSecurity1795368077089 implements MigrationInterface {
  name = 'AnalysisSecurity1795368077089';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(
        `CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`,
      );
    }
    // A tenant, customer and run date is analysed by the nightly pass at most once.
    await q.query(`CREATE UNIQUE INDEX uq_analysis_runs_nightly ON analysis_runs (tenant_id, user_id, run_date) WHERE kind = 'nightly'`);
    // A rerun never duplicates a live finding nor recreates a dismissed one; superseded ones make room.
    await q.query(`CREATE UNIQUE INDEX uq_findings_fingerprint ON findings (tenant_id, user_id, fingerprint) WHERE status <> 'superseded'`);
    // The scheduler's view across tenants: only what it needs to decide whose night it is.
    await q.query(`
      CREATE FUNCTION app_nightly_schedule()
      RETURNS TABLE (id uuid, timezone varchar, nightly_at varchar, last_nightly_date date)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT id, timezone, nightly_at, last_nightly_date FROM tenants $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_nightly_schedule()`);
    await q.query(`DROP INDEX uq_findings_fingerprint`);
    await q.query(`DROP INDEX uq_analysis_runs_nightly`);
    for (const table of [...TABLES].reverse()) {
      await q.query(`DROP POLICY tenant_isolation ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
