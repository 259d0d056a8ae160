import { MigrationInterface, QueryRunner } from "typeorm";

export class ExpenseAmountCents1795368662160 implements MigrationInterface {
    name = 'ExpenseAmountCents1795368662160'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "expenses"
            ADD "amount_cents" bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED NOT NULL
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
        `, ["spendguard","public","expenses","GENERATED_COLUMN","amount_cents","(amount * 100)::bigint"]);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DELETE FROM "typeorm_metadata"
            WHERE "type" = $1
                AND "name" = $2
                AND "database" = $3
                AND "schema" = $4
                AND "table" = $5
        `, ["GENERATED_COLUMN","amount_cents","spendguard","public","expenses"]);
        await queryRunner.query(`
            ALTER TABLE "expenses" DROP COLUMN "amount_cents"
        `);
    }

}
