import { MigrationInterface, QueryRunner } from "typeorm";

export class Reports1795376186223 implements MigrationInterface {
    name = 'Reports1795376186223'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "reports" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "customer_id" uuid NOT NULL,
                "requested_by" uuid NOT NULL,
                "audience" character varying(16) NOT NULL,
                "includes_pending" boolean NOT NULL DEFAULT false,
                "period_from" date NOT NULL,
                "period_to" date NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'queued',
                "content" bytea,
                "size_bytes" integer,
                "summary" jsonb NOT NULL DEFAULT '{}',
                "error" character varying(2000),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_reports_pending" CHECK (
                    audience = 'operator'
                    OR NOT includes_pending
                ),
                CONSTRAINT "ck_reports_period" CHECK (period_from <= period_to),
                CONSTRAINT "ck_reports_audience" CHECK (audience IN ('customer', 'operator')),
                CONSTRAINT "ck_reports_status" CHECK (
                    status IN ('queued', 'running', 'succeeded', 'failed')
                ),
                CONSTRAINT "PK_9f64c9c23c71f5bc5f4a3c00712" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_reports_expires" ON "reports" ("tenant_id", "expires_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_reports_customer" ON "reports" ("tenant_id", "customer_id", "created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD CONSTRAINT "fk_reports_requester" FOREIGN KEY ("tenant_id", "requested_by") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "reports"
            ADD CONSTRAINT "fk_reports_customer" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "reports" DROP CONSTRAINT "fk_reports_customer"
        `);
        await queryRunner.query(`
            ALTER TABLE "reports" DROP CONSTRAINT "fk_reports_requester"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_reports_customer"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_reports_expires"
        `);
        await queryRunner.query(`
            DROP TABLE "reports"
        `);
    }

}
