import { MigrationInterface, QueryRunner } from "typeorm";

export class AnalysisAndFindings1795368077088 implements MigrationInterface {
    name = 'AnalysisAndFindings1795368077088'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "analysis_runs" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "kind" character varying(16) NOT NULL,
                "run_date" date NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'queued',
                "requested_by" uuid,
                "job_id" uuid,
                "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "timings" jsonb NOT NULL DEFAULT '{}',
                "model_versions" jsonb NOT NULL DEFAULT '{}',
                "counts" jsonb NOT NULL DEFAULT '{}',
                "findings_created" integer NOT NULL DEFAULT '0',
                "error" character varying(2000),
                CONSTRAINT "ck_analysis_runs_kind" CHECK (kind IN ('nightly', 'on_demand')),
                CONSTRAINT "ck_analysis_runs_status" CHECK (
                    status IN (
                        'queued',
                        'running',
                        'succeeded',
                        'failed',
                        'cancelled'
                    )
                ),
                CONSTRAINT "PK_9440369b33c21d26bf8ab7dd1bc" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_analysis_runs_user" ON "analysis_runs" ("tenant_id", "user_id", "queued_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "embedding_cache" (
                "tenant_id" uuid NOT NULL,
                "model_id" character varying(120) NOT NULL,
                "text_hash" character(64) NOT NULL,
                "vector" bytea NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8de588b42c448c25d8f32c3170c" PRIMARY KEY ("tenant_id", "model_id", "text_hash")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "findings" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "type" character varying(32) NOT NULL,
                "severity" character varying(8) NOT NULL,
                "score" double precision NOT NULL,
                "status" character varying(32) NOT NULL DEFAULT 'pending',
                "title" character varying(200) NOT NULL,
                "message" text NOT NULL,
                "original_title" character varying(200) NOT NULL,
                "original_message" text NOT NULL,
                "evidence" jsonb NOT NULL,
                "subject" jsonb NOT NULL DEFAULT '{}',
                "fingerprint" character varying(300) NOT NULL,
                "pattern" character varying(300) NOT NULL,
                "run_id" uuid,
                "due_at" TIMESTAMP WITH TIME ZONE,
                "assignee_id" uuid,
                "claimed_at" TIMESTAMP WITH TIME ZONE,
                "snoozed_until" TIMESTAMP WITH TIME ZONE,
                "dismiss_reason" character varying(32),
                "first_reviewer_id" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "approved_at" TIMESTAMP WITH TIME ZONE,
                "read_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_findings_status" CHECK (
                    status IN (
                        'pending',
                        'in_review',
                        'pending_second_review',
                        'approved',
                        'dismissed',
                        'snoozed',
                        'superseded'
                    )
                ),
                CONSTRAINT "ck_findings_severity" CHECK (severity IN ('low', 'medium', 'high')),
                CONSTRAINT "ck_findings_type" CHECK (
                    type IN (
                        'anomaly',
                        'forecast_overrun',
                        'drift',
                        'category_merge',
                        'recurring_change'
                    )
                ),
                CONSTRAINT "PK_a3e2136697efdc1690de9c26ffb" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_findings_pattern" ON "findings" ("tenant_id", "user_id", "pattern")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_findings_user" ON "findings" ("tenant_id", "user_id", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_findings_queue" ON "findings" ("tenant_id", "status", "severity", "due_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "finding_events" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "finding_id" uuid NOT NULL,
                "actor_id" uuid,
                "action" character varying(32) NOT NULL,
                "from_status" character varying(32),
                "to_status" character varying(32),
                "note" text,
                "payload" jsonb,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d0845a31b3d5ca91f62e83d38f2" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_finding_events_finding" ON "finding_events" ("tenant_id", "finding_id", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "model_artifacts" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "kind" character varying(32) NOT NULL,
                "version" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "path" character varying(500) NOT NULL,
                "metadata" jsonb NOT NULL DEFAULT '{}',
                "run_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1a70b755460e2bb6b94c68ccd9a" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_model_artifacts_version" ON "model_artifacts" ("tenant_id", "user_id", "kind", "version")
        `);
        await queryRunner.query(`
            ALTER TABLE "tenants"
            ADD "last_nightly_date" date
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_runs"
            ADD CONSTRAINT "fk_analysis_runs_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "embedding_cache"
            ADD CONSTRAINT "fk_embedding_cache_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "findings"
            ADD CONSTRAINT "fk_findings_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "finding_events"
            ADD CONSTRAINT "fk_finding_events_finding" FOREIGN KEY ("tenant_id", "finding_id") REFERENCES "findings"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "model_artifacts"
            ADD CONSTRAINT "fk_model_artifacts_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "model_artifacts" DROP CONSTRAINT "fk_model_artifacts_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "finding_events" DROP CONSTRAINT "fk_finding_events_finding"
        `);
        await queryRunner.query(`
            ALTER TABLE "findings" DROP CONSTRAINT "fk_findings_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "embedding_cache" DROP CONSTRAINT "fk_embedding_cache_tenant"
        `);
        await queryRunner.query(`
            ALTER TABLE "analysis_runs" DROP CONSTRAINT "fk_analysis_runs_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "tenants" DROP COLUMN "last_nightly_date"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_model_artifacts_version"
        `);
        await queryRunner.query(`
            DROP TABLE "model_artifacts"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_finding_events_finding"
        `);
        await queryRunner.query(`
            DROP TABLE "finding_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_findings_queue"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_findings_user"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_findings_pattern"
        `);
        await queryRunner.query(`
            DROP TABLE "findings"
        `);
        await queryRunner.query(`
            DROP TABLE "embedding_cache"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_analysis_runs_user"
        `);
        await queryRunner.query(`
            DROP TABLE "analysis_runs"
        `);
    }

}
