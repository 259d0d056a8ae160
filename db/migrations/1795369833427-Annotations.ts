import { MigrationInterface, QueryRunner } from "typeorm";

export class Annotations1795369833427 implements MigrationInterface {
    name = 'Annotations1795369833427'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "annotations" (
                "tenant_id" uuid NOT NULL,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "finding_id" uuid NOT NULL,
                "author_id" uuid NOT NULL,
                "body" text NOT NULL,
                "visibility" character varying(16) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_annotations_visibility" CHECK (visibility IN ('internal', 'customer')),
                CONSTRAINT "PK_57ba092d1bb3be64e230c585926" PRIMARY KEY ("tenant_id", "id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_annotations_finding" ON "annotations" ("tenant_id", "finding_id", "created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "annotations"
            ADD CONSTRAINT "fk_annotations_author" FOREIGN KEY ("tenant_id", "author_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "annotations"
            ADD CONSTRAINT "fk_annotations_finding" FOREIGN KEY ("tenant_id", "finding_id") REFERENCES "findings"("tenant_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "annotations" DROP CONSTRAINT "fk_annotations_finding"
        `);
        await queryRunner.query(`
            ALTER TABLE "annotations" DROP CONSTRAINT "fk_annotations_author"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_annotations_finding"
        `);
        await queryRunner.query(`
            DROP TABLE "annotations"
        `);
    }

}
