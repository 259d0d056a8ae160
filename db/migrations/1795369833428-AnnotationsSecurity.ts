import { MigrationInterface, QueryRunner } from 'typeorm';

/** Row-level security for annotations, forced like every other tenant table. */
export class AnnotationsSecurity1795369833428 implements MigrationInterface {
  name = 'AnnotationsSecurity1795369833428';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotations ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE annotations FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY tenant_isolation ON annotations USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY tenant_isolation ON annotations`);
    await q.query(`ALTER TABLE annotations NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE annotations DISABLE ROW LEVEL SECURITY`);
  }
}
