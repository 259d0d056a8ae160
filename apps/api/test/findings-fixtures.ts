import { randomUUID } from 'node:crypto';
import type { FindingSeverity, FindingStatus, FindingType } from '@spendguard/contracts';
import type { TestApp } from '@spendguard/server-testing';

export interface PlantFinding {
  severity?: FindingSeverity;
  type?: FindingType;
  score?: number;
  status?: FindingStatus;
  /** Hours from now until the SLA due date (negative: overdue). */
  dueInHours?: number | null;
  /** An exact due date (wins over dueInHours), for ties. */
  dueAt?: Date;
  title?: string;
  message?: string;
  assigneeId?: string | null;
  claimedMinutesAgo?: number;
  approved?: boolean;
}

/**
 * Stores a finding the way the analysis does (owner connection, with its `created` event), so workflow tests can
 * arrange exactly the queue they need.
 */
export async function plantFinding(t: TestApp, tenantId: string, customerId: string, f: PlantFinding = {}): Promise<string> {
  const title = f.title ?? 'Unusual grocery bill';
  const message = f.message ?? 'A grocery bill of 2,480.00 is far above your usual spending at this merchant.';
  const status = f.status ?? 'pending';
  const [row] = await t.owner.query(
    `INSERT INTO findings (tenant_id, user_id, type, severity, score, status, title, message, original_title, original_message,
                           evidence, subject, fingerprint, pattern, due_at, assignee_id, claimed_at, approved_at, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8, $9, '{}', $10, $10,
             coalesce($15::timestamptz, CASE WHEN $11::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $11::float8 * 3600) END),
             $12, CASE WHEN $13::int IS NULL THEN NULL ELSE now() - make_interval(mins => $13::int) END,
             CASE WHEN $14 THEN now() END, CASE WHEN $14 THEN now() END)
     RETURNING id`,
    [
      tenantId,
      customerId,
      f.type ?? 'anomaly',
      f.severity ?? 'medium',
      f.score ?? 0.8,
      status,
      title,
      message,
      JSON.stringify({ expense: { id: randomUUID(), amount: '2480.00', merchant: 'Whole Foods' }, detectors: { lof: 0.9 } }),
      `test:${randomUUID()}`,
      f.dueInHours === undefined ? 24 : f.dueInHours,
      f.assigneeId ?? null,
      f.claimedMinutesAgo ?? (status === 'in_review' ? 0 : null),
      f.approved ?? status === 'approved',
      f.dueAt?.toISOString() ?? null,
    ],
  );
  await t.owner.query(
    `INSERT INTO finding_events (tenant_id, finding_id, action, from_status, to_status) VALUES ($1, $2, 'created', NULL, 'pending')`,
    [tenantId, row.id],
  );
  return row.id;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
