import { MigrationInterface, QueryRunner } from "typeorm";

export class SuppressionRules1795370739845 implements MigrationInterface {
    name = 'SuppressionRules1795370739845'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "suppression_rules" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "customer_id" uuid,
                "finding_type" character varying(32),
                "merchant" character varying(200),
                "category_id" uuid,
                "note" text NOT NULL,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_suppression_rules_type" CHECK (
                    finding_type IS NULL
                    OR finding_type IN (
                        'anomaly',
                        'forecast_overrun',
                        'drift',
                        'category_merge',
                        'recurring_change'
                    )
                ),
                CONSTRAINT "ck_suppression_rules_criterion" CHECK (
                    finding_type IS NOT NULL
                    OR merchant IS NOT NULL
                    OR category_id IS NOT NULL
                ),
                CONSTRAINT "PK_d3d7797477499905c2cf89cc4e8" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_suppression_rules_created" ON "suppression_rules" ("tenant_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_suppression_rules_customer" ON "suppression_rules" ("tenant_id", "customer_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "suppression_rules"
            ADD CONSTRAINT "fk_suppression_rules_category" FOREIGN KEY ("tenant_id", "category_id") REFERENCES "categories"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "suppression_rules"
            ADD CONSTRAINT "fk_suppression_rules_creator" FOREIGN KEY ("tenant_id", "created_by") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "suppression_rules"
            ADD CONSTRAINT "fk_suppression_rules_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "suppression_rules" DROP CONSTRAINT "fk_suppression_rules_customer"
        `);
        await queryRunner.query(`
            ALTER TABLE "suppression_rules" DROP CONSTRAINT "fk_suppression_rules_creator"
        `);
        await queryRunner.query(`
            ALTER TABLE "suppression_rules" DROP CONSTRAINT "fk_suppression_rules_category"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_suppression_rules_customer"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_suppression_rules_created"
        `);
        await queryRunner.query(`
            DROP TABLE "suppression_rules"
        `);
    }

}
