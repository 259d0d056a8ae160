import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795366238349 implements MigrationInterface {
    name = 'Init1795366238349'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "tenants" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" character varying(63) NOT NULL,
                "name" character varying(200) NOT NULL,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "timezone" character varying(64) NOT NULL DEFAULT 'UTC',
                "locale" character varying(35) NOT NULL DEFAULT 'en-US',
                "nightly_at" character varying(5) NOT NULL DEFAULT '02:00',
                "flag_budget" numeric(5, 4) NOT NULL DEFAULT '0.02',
                "four_eyes" boolean NOT NULL DEFAULT true,
                "sla_hours" jsonb NOT NULL DEFAULT '{"high": 24, "medium": 72, "low": 168}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_2310ecc5cb8be427097154b18fc" UNIQUE ("slug"),
                CONSTRAINT "ck_tenants_flag_budget" CHECK (
                    flag_budget > 0
                    AND flag_budget <= 0.2
                ),
                CONSTRAINT "ck_tenants_nightly_at" CHECK (nightly_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
                CONSTRAINT "ck_tenants_currency" CHECK (currency ~ '^[A-Z]{3}$'),
                CONSTRAINT "ck_tenants_slug" CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
                CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "role" character varying(16) NOT NULL,
                "display_name" character varying(120) NOT NULL,
                "password_hash" character varying(100) NOT NULL,
                "failed_logins" integer NOT NULL DEFAULT '0',
                "locked_until" TIMESTAMP WITH TIME ZONE,
                "last_login_at" TIMESTAMP WITH TIME ZONE,
                "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_users_email_lower" CHECK (email = lower(email)),
                CONSTRAINT "ck_users_role" CHECK (
                    role IN ('customer', 'reviewer', 'supervisor', 'admin')
                ),
                CONSTRAINT "PK_96bb2f14a3cd3f8e046898b08b4" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_tenant_email" ON "users" ("tenant_id", "email")
        `);
        await queryRunner.query(`
            CREATE TABLE "categories" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid,
                "name" character varying(80) NOT NULL,
                "is_default" boolean NOT NULL DEFAULT false,
                "merged_into_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3daaffcf03b596d60f8d48190ce" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "budgets" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "category_id" uuid NOT NULL,
                "month" date,
                "amount" numeric(14, 2) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_budgets_month" CHECK (
                    month IS NULL
                    OR extract(
                        day
                        FROM month
                    ) = 1
                ),
                CONSTRAINT "ck_budgets_amount" CHECK (amount >= 0),
                CONSTRAINT "PK_514098d7ded08685eba9f93e5ad" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "consents" (
                "tenant_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "analysis_granted" boolean NOT NULL DEFAULT false,
                "granted_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9a573926a4bba433bd8d06e89ea" PRIMARY KEY ("tenant_id", "user_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "consent_events" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "action" character varying(16) NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "ip" character varying(64),
                "user_agent" character varying(400),
                CONSTRAINT "ck_consent_events_action" CHECK (action IN ('granted', 'revoked')),
                CONSTRAINT "PK_c839eb8484a68257653d4c34f59" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_consent_events_user" ON "consent_events" ("tenant_id", "user_id", "at")
        `);
        await queryRunner.query(`
            INSERT INTO "typeorm_metadata"(
                    "database",
                    "schema",
                    "table",
                    "type",
                    "name",
                    "value"
                )
            VALUES ($1, $2, $3, $4, $5, $6)
        `, ["spendguard","public","expenses","GENERATED_COLUMN","search","to_tsvector('simple', coalesce(description, '') || ' ' || coalesce(merchant, ''))"]);
        await queryRunner.query(`
            CREATE TABLE "expenses" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "occurred_on" date NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE,
                "amount" numeric(14, 2) NOT NULL,
                "currency" character(3) NOT NULL,
                "description" character varying(500) NOT NULL,
                "merchant" character varying(200),
                "category_id" uuid,
                "notes" character varying(2000),
                "source" character varying(16) NOT NULL,
                "external_id" character varying(200),
                "search" tsvector GENERATED ALWAYS AS (
                    to_tsvector(
                        'simple',
                        coalesce(description, '') || ' ' || coalesce(merchant, '')
                    )
                ) STORED NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_expenses_source" CHECK (source IN ('manual', 'import', 'api', 'seed')),
                CONSTRAINT "ck_expenses_amount" CHECK (amount <> 0),
                CONSTRAINT "ck_expenses_currency" CHECK (currency ~ '^[A-Z]{3}$'),
                CONSTRAINT "PK_0ba0f55ffcacdfcfe6e451c7fea" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expenses_user_date" ON "expenses" ("tenant_id", "user_id", "occurred_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "expense_revisions" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "expense_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "actor_id" uuid,
                "action" character varying(32) NOT NULL,
                "before" jsonb,
                "after" jsonb,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3ae97879805865cce8bb0563827" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_expense_revisions_expense" ON "expense_revisions" ("tenant_id", "expense_id", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "fx_rates" (
                "tenant_id" uuid NOT NULL,
                "month" date NOT NULL,
                "currency" character(3) NOT NULL,
                "rate" numeric(18, 8) NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_fx_rates_currency" CHECK (currency ~ '^[A-Z]{3}$'),
                CONSTRAINT "ck_fx_rates_month" CHECK (
                    extract(
                        day
                        FROM month
                    ) = 1
                ),
                CONSTRAINT "ck_fx_rates_rate" CHECK (rate > 0),
                CONSTRAINT "PK_c0279fcb0ba233fc4dbcf9519b9" PRIMARY KEY ("tenant_id", "month", "currency")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "family_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" character varying(32),
                "user_agent" character varying(400),
                "ip" character varying(64),
                CONSTRAINT "PK_2bebd22f16e68b57c9e1f5fe7d9" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("tenant_id", "user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens" ("tenant_id", "family_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "fk_users_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "categories"
            ADD CONSTRAINT "fk_categories_merged_into" FOREIGN KEY ("tenant_id", "merged_into_id") REFERENCES "categories"("tenant_id", "id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "categories"
            ADD CONSTRAINT "fk_categories_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets"
            ADD CONSTRAINT "fk_budgets_category" FOREIGN KEY ("tenant_id", "category_id") REFERENCES "categories"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets"
            ADD CONSTRAINT "fk_budgets_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "consents"
            ADD CONSTRAINT "fk_consents_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "consent_events"
            ADD CONSTRAINT "fk_consent_events_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses"
            ADD CONSTRAINT "fk_expenses_category" FOREIGN KEY ("tenant_id", "category_id") REFERENCES "categories"("tenant_id", "id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses"
            ADD CONSTRAINT "fk_expenses_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_revisions"
            ADD CONSTRAINT "fk_expense_revisions_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "fx_rates"
            ADD CONSTRAINT "fk_fx_rates_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
            ADD CONSTRAINT "fk_refresh_tokens_user" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP CONSTRAINT "fk_refresh_tokens_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "fx_rates" DROP CONSTRAINT "fk_fx_rates_tenant"
        `);
        await queryRunner.query(`
            ALTER TABLE "expense_revisions" DROP CONSTRAINT "fk_expense_revisions_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses" DROP CONSTRAINT "fk_expenses_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "expenses" DROP CONSTRAINT "fk_expenses_category"
        `);
        await queryRunner.query(`
            ALTER TABLE "consent_events" DROP CONSTRAINT "fk_consent_events_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "consents" DROP CONSTRAINT "fk_consents_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets" DROP CONSTRAINT "fk_budgets_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "budgets" DROP CONSTRAINT "fk_budgets_category"
        `);
        await queryRunner.query(`
            ALTER TABLE "categories" DROP CONSTRAINT "fk_categories_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "categories" DROP CONSTRAINT "fk_categories_merged_into"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "fk_users_tenant"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_tokens_family"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_tokens_user"
        `);
        await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
        await queryRunner.query(`
            DROP TABLE "fx_rates"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expense_revisions_expense"
        `);
        await queryRunner.query(`
            DROP TABLE "expense_revisions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_expenses_user_date"
        `);
        await queryRunner.query(`
            DROP TABLE "expenses"
        `);
        await queryRunner.query(`
            DELETE FROM "typeorm_metadata"
            WHERE "type" = $1
                AND "name" = $2
                AND "database" = $3
                AND "schema" = $4
                AND "table" = $5
        `, ["GENERATED_COLUMN","search","spendguard","public","expenses"]);
        await queryRunner.query(`
            DROP INDEX "public"."ix_consent_events_user"
        `);
        await queryRunner.query(`
            DROP TABLE "consent_events"
        `);
        await queryRunner.query(`
            DROP TABLE "consents"
        `);
        await queryRunner.query(`
            DROP TABLE "budgets"
        `);
        await queryRunner.query(`
            DROP TABLE "categories"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_users_tenant_email"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP TABLE "tenants"
        `);
    }

}
