import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the review queue at 100,000 findings a tenant (bench:queue). The urgency order is an expression
 * (severity rank, due date or infinity, score), so only expression indexes with exactly the queries' expressions
 * give it without sorting every open finding:
 * - ix_findings_urgency: a page of one status by urgency (GET /findings?status=...), keyset cursor included;
 * - ix_findings_next: GET /findings/next, pending and in-review findings in claim order;
 * - ix_findings_created: a page of one status by creation date (either direction);
 * - ix_findings_open_due: open findings by due date (the overdue queue, sort=dueAt);
 * - ix_findings_snoozed: waking snoozes, run before every list and next.
 */
export class ReviewQueueIndexes1795370739847 implements MigrationInterface {
  name = 'ReviewQueueIndexes1795370739847';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_findings_urgency ON findings (tenant_id, status,
      (CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END), (coalesce(due_at, 'infinity'::timestamptz)), (-score), id)`);
    await q.query(`CREATE INDEX ix_findings_next ON findings (tenant_id,
      (CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END), (coalesce(due_at, 'infinity'::timestamptz)), score DESC, created_at, id)
      WHERE status IN ('pending', 'in_review')`);
    await q.query(`CREATE INDEX ix_findings_created ON findings (tenant_id, status, created_at, id)`);
    await q.query(`CREATE INDEX ix_findings_open_due ON findings (tenant_id, (coalesce(due_at, 'infinity'::timestamptz)), id)
      WHERE status IN ('pending', 'in_review', 'pending_second_review', 'snoozed')`);
    await q.query(`CREATE INDEX ix_findings_snoozed ON findings (tenant_id, snoozed_until) WHERE status = 'snoozed'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_findings_snoozed`);
    await q.query(`DROP INDEX ix_findings_open_due`);
    await q.query(`DROP INDEX ix_findings_created`);
    await q.query(`DROP INDEX ix_findings_next`);
    await q.query(`DROP INDEX ix_findings_urgency`);
  }
}
