import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security for reports, forced like every other tenant table (the workbooks themselves live in the rows).
 * The application role gets its DML grants with every other table when migrating (db/migrate.ts).
 */
export class ReportsSecurity1795376186224 implements MigrationInterface {
  name = 'ReportsSecurity1795376186224';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reports ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE reports FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY tenant_isolation ON reports USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY tenant_isolation ON reports`);
    await q.query(`ALTER TABLE reports NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE reports DISABLE ROW LEVEL SECURITY`);
  }
}
