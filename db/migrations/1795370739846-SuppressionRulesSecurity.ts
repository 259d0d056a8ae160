import { MigrationInterface, QueryRunner } from 'typeorm';

/** Row-level security for suppression rules, forced like every other tenant table. */
export class SuppressionRulesSecurity1795370739846 implements MigrationInterface {
  name = 'SuppressionRulesSecurity1795370739846';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE suppression_rules ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE suppression_rules FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY tenant_isolation ON suppression_rules USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY tenant_isolation ON suppression_rules`);
    await q.query(`ALTER TABLE suppression_rules NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE suppression_rules DISABLE ROW LEVEL SECURITY`);
  }
}
