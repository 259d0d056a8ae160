import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Faster ingestion without losing history:
 * - An expense's `created` revision is no longer written with every inserted row (half the rows and all the JSON
 *   of a 5,000-item batch or a 100,000-row import). Until the expense first changes, its creation is fully described
 *   by the row itself (created_at, the new created_by, its values) and GET /expenses/:id/history derives it; the
 *   trigger below writes the `created` revision from the old row the moment the expense is first updated or deleted,
 *   whichever code path does it (edits, category merges, auto-categorisation), so the stored history is complete for
 *   every expense that ever changed and survives deletion.
 * - ix_expenses_user_date is dropped: ix_expenses_dedupe (tenant_id, user_id, occurred_on, ...) serves the same
 *   lookups with its leading columns, and every index is paid for on every insert.
 */
export class ExpenseCreationOnDemand1795371000000 implements MigrationInterface {
  name = 'ExpenseCreationOnDemand1795371000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE expenses ADD COLUMN created_by uuid`);
    // Existing expenses already have their stored `created` revision; its actor is the best record of who it was.
    await q.query(`
      UPDATE expenses e SET created_by = r.actor_id
        FROM expense_revisions r
       WHERE r.tenant_id = e.tenant_id AND r.expense_id = e.id AND r.action = 'created' AND r.actor_id IS NOT NULL`);
    await q.query(`DROP INDEX ix_expenses_user_date`);
    await q.query(`
      CREATE FUNCTION app_expense_keep_creation() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        -- depth 1: a change made by a statement; a deletion cascading from its user (depth > 1) keeps no history
        IF pg_trigger_depth() = 1
           AND NOT EXISTS (SELECT 1 FROM expense_revisions r WHERE r.tenant_id = OLD.tenant_id AND r.expense_id = OLD.id) THEN
          INSERT INTO expense_revisions (tenant_id, expense_id, user_id, actor_id, action, before, after, at)
          VALUES (OLD.tenant_id, OLD.id, OLD.user_id, OLD.created_by, 'created', NULL, jsonb_build_object(
            'occurredOn', OLD.occurred_on::text,
            'occurredAt', to_char(OLD.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'amount', OLD.amount::text,
            'currency', OLD.currency,
            'description', OLD.description,
            'merchant', OLD.merchant,
            'categoryId', OLD.category_id,
            'notes', OLD.notes), OLD.created_at);
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER expenses_keep_creation BEFORE UPDATE OR DELETE ON expenses
      FOR EACH ROW EXECUTE FUNCTION app_expense_keep_creation()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER expenses_keep_creation ON expenses`);
    await q.query(`DROP FUNCTION app_expense_keep_creation()`);
    // restore the eager history: every expense without a stored creation gets one
    await q.query(`
      INSERT INTO expense_revisions (tenant_id, expense_id, user_id, actor_id, action, before, after, at)
      SELECT e.tenant_id, e.id, e.user_id, e.created_by, 'created', NULL, jsonb_build_object(
               'occurredOn', e.occurred_on::text,
               'occurredAt', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'amount', e.amount::text, 'currency', e.currency, 'description', e.description, 'merchant', e.merchant,
               'categoryId', e.category_id, 'notes', e.notes), e.created_at
        FROM expenses e
       WHERE NOT EXISTS (SELECT 1 FROM expense_revisions r WHERE r.tenant_id = e.tenant_id AND r.expense_id = e.id)`);
    await q.query(`CREATE INDEX ix_expenses_user_date ON expenses (tenant_id, user_id, occurred_on)`);
    await q.query(`ALTER TABLE expenses DROP COLUMN created_by`);
  }
}
