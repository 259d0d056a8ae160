import type { EntityManager } from 'typeorm';
import type { DismissReason, FindingSeverity, FindingStatus, FindingType, FindingView, ReviewAction } from '@spendguard/contracts';
import { rows } from '@spendguard/server-data';
import { EVENT_NAMES, FindingFacts, Step, WorkflowState } from '../domain';
import { AppliedRow, decisionNotifications } from '../live/decision-events';
import { notification, publishLive } from '../live/live-publish';

/** Statuses that still wait for people (past their due date they are overdue). */
export const OPEN_STATUSES_SQL = `('pending', 'in_review', 'pending_second_review', 'snoozed')`;

/** Most urgent first: severity, then due date, then score. */
export const SEVERITY_RANK_SQL = `(CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)`;

export const FINDING_FROM = `findings f JOIN users u ON u.tenant_id = f.tenant_id AND u.id = f.user_id`;

export const FINDING_COLUMNS = `f.id, f.user_id, u.display_name, f.type, f.severity, f.score, f.status, f.title, f.message,
  f.original_title, f.original_message, f.evidence, f.created_at, f.updated_at, f.due_at, f.assignee_id, f.claimed_at,
  f.snoozed_until, f.dismiss_reason, f.first_reviewer_id, f.decided_at, f.approved_at, f.version,
  (f.status IN ${OPEN_STATUSES_SQL} AND f.due_at < now()) AS overdue`;

export interface FindingRow {
  id: string;
  user_id: string;
  display_name: string;
  type: FindingType;
  severity: FindingSeverity;
  score: number;
  status: FindingStatus;
  title: string;
  message: string;
  original_title: string;
  original_message: string;
  evidence: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  due_at: Date | null;
  assignee_id: string | null;
  claimed_at: Date | null;
  snoozed_until: Date | null;
  dismiss_reason: DismissReason | null;
  first_reviewer_id: string | null;
  decided_at: Date | null;
  approved_at: Date | null;
  version: number;
  overdue: boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toFindingView(row: FindingRow, claimTtlMs: number): FindingView {
  return {
    id: row.id,
    customerId: row.user_id,
    customer: { id: row.user_id, displayName: row.display_name },
    type: row.type,
    severity: row.severity,
    score: row.score,
    status: row.status,
    title: row.title,
    message: row.message,
    originalTitle: row.original_title,
    originalMessage: row.original_message,
    evidence: row.evidence,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    dueAt: iso(row.due_at),
    overdue: row.overdue,
    assigneeId: row.assignee_id,
    claimedAt: iso(row.claimed_at),
    claimExpiresAt: row.status === 'in_review' && row.claimed_at ? new Date(row.claimed_at.getTime() + claimTtlMs).toISOString() : null,
    snoozedUntil: iso(row.snoozed_until),
    dismissReason: row.dismiss_reason,
    firstReviewerId: row.first_reviewer_id,
    decidedAt: iso(row.decided_at),
    approvedAt: iso(row.approved_at),
    version: row.version,
  };
}

export function factsOf(row: FindingRow): FindingFacts {
  return {
    status: row.status,
    severity: row.severity,
    assigneeId: row.assignee_id,
    claimedAt: row.claimed_at,
    snoozedUntil: row.snoozed_until,
    firstReviewerId: row.first_reviewer_id,
  };
}

export async function loadFinding(em: EntityManager, tenantId: string, id: string): Promise<FindingRow | undefined> {
  const [row] = await rows<FindingRow>(em, `SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE f.tenant_id = $1 AND f.id = $2`, [tenantId, id]);
  return row;
}

/** Locks findings for a decision (in id order, so concurrent bulk requests cannot deadlock). */
export function lockFindings(em: EntityManager, tenantId: string, ids: string[]): Promise<FindingRow[]> {
  return rows<FindingRow>(
    em,
    `SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE f.tenant_id = $1 AND f.id = ANY($2::uuid[]) ORDER BY f.id FOR UPDATE OF f`,
    [tenantId, ids],
  );
}

/** The tenant's four-eyes setting and the database's clock (claims and snoozes are timed by it, like `now()` in SQL). */
export async function decisionFacts(em: EntityManager, tenantId: string): Promise<{ fourEyes: boolean; now: Date }> {
  const [row] = await rows<{ four_eyes: boolean; now: Date }>(em, `SELECT four_eyes, now() AS now FROM tenants WHERE id = $1`, [tenantId]);
  return { fourEyes: row?.four_eyes ?? true, now: row?.now ?? new Date() };
}

/** What one decision writes on one finding: the next workflow state plus the action's own columns. */
export interface FindingChange {
  id: string;
  next: WorkflowState;
  title?: string;
  message?: string;
  dismissReason?: DismissReason | null;
  steps: Step[];
  /** Written on the last step's event. */
  note?: string | null;
  payload?: Record<string, unknown> | null;
}

/**
 * Writes decisions on findings already locked by the caller: each finding's new state with `version + 1`, one
 * event per step and the live notifications (sent on commit), in the caller's transaction. Set-based, so a bulk
 * decision of 500 costs three statements.
 */
export async function applyChanges(em: EntityManager, tenantId: string, changes: FindingChange[]): Promise<void> {
  if (!changes.length) return;
  const applied = await rows<AppliedRow>(
    em,
    `UPDATE findings f
        SET status = c.status, assignee_id = c.assignee_id, claimed_at = c.claimed_at, snoozed_until = c.snoozed_until,
            first_reviewer_id = c.first_reviewer_id,
            title = coalesce(c.title, f.title), message = coalesce(c.message, f.message),
            dismiss_reason = CASE WHEN c.set_reason THEN c.dismiss_reason ELSE f.dismiss_reason END,
            decided_at = CASE WHEN c.status IN ('approved', 'dismissed') THEN now() ELSE f.decided_at END,
            approved_at = CASE WHEN c.status = 'approved' THEN now() ELSE f.approved_at END,
            version = f.version + 1, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS c(id uuid, status text, assignee_id uuid, claimed_at timestamptz, snoozed_until timestamptz,
            first_reviewer_id uuid, title text, message text, set_reason boolean, dismiss_reason text)
      WHERE f.tenant_id = $1 AND f.id = c.id
  RETURNING f.id, f.user_id, f.type, f.status, f.version, f.assignee_id, f.claimed_at, f.approved_at, f.updated_at`,
    [
      tenantId,
      JSON.stringify(
        changes.map((c) => ({
          id: c.id,
          status: c.next.status,
          assignee_id: c.next.assigneeId,
          claimed_at: c.next.claimedAt?.toISOString() ?? null,
          snoozed_until: c.next.snoozedUntil?.toISOString() ?? null,
          first_reviewer_id: c.next.firstReviewerId,
          title: c.title ?? null,
          message: c.message ?? null,
          set_reason: c.dismissReason !== undefined,
          dismiss_reason: c.dismissReason ?? null,
        })),
      ),
    ],
  );
  const events: EventInput[] = [];
  for (const c of changes) {
    c.steps.forEach((step, i) => {
      const last = i === c.steps.length - 1;
      events.push({
        findingId: c.id,
        actorId: step.actorId,
        action: EVENT_NAMES[step.action],
        fromStatus: step.from,
        toStatus: step.to,
        note: last ? (c.note ?? null) : null,
        payload: last ? (c.payload ?? null) : null,
      });
    });
  }
  await insertEvents(em, tenantId, events);
  await publishLive(em, decisionNotifications(tenantId, changes, applied));
}

export interface EventInput {
  findingId: string;
  actorId: string | null;
  action: (typeof EVENT_NAMES)[ReviewAction] | 'annotated' | 'read' | 'unread';
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  note: string | null;
  payload: Record<string, unknown> | null;
}

/** Appends events; `clock_timestamp()` keeps the steps of one transaction in order. */
export async function insertEvents(em: EntityManager, tenantId: string, events: EventInput[]): Promise<void> {
  if (!events.length) return;
  await rows(
    em,
    `INSERT INTO finding_events (tenant_id, finding_id, actor_id, action, from_status, to_status, note, payload, at)
     SELECT $1, e.finding_id, e.actor_id, e.action, e.from_status, e.to_status, e.note, e.payload, clock_timestamp()
       FROM jsonb_to_recordset($2::jsonb) AS e(finding_id uuid, actor_id uuid, action text, from_status text,
            to_status text, note text, payload jsonb)`,
    [
      tenantId,
      JSON.stringify(
        events.map((e) => ({
          finding_id: e.findingId,
          actor_id: e.actorId,
          action: e.action,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          note: e.note,
          payload: e.payload,
        })),
      ),
    ],
  );
}

/**
 * Snoozes whose date has come return to the queue (a system event each). Rows someone is deciding on right now
 * are skipped: their decision wakes them itself.
 */
export async function wakeDueSnoozes(em: EntityManager, tenantId: string): Promise<void> {
  const woken = await rows<{ id: string; user_id: string; version: number; updated_at: Date }>(
    em,
    `UPDATE findings f SET status = 'pending', snoozed_until = NULL, assignee_id = NULL, claimed_at = NULL,
            version = f.version + 1, updated_at = now()
      WHERE f.tenant_id = $1 AND f.id IN (
        SELECT id FROM findings WHERE tenant_id = $1 AND status = 'snoozed' AND snoozed_until <= now() FOR UPDATE SKIP LOCKED)
      RETURNING f.id, f.user_id, f.version, f.updated_at`,
    [tenantId],
  );
  await insertEvents(
    em,
    tenantId,
    woken.map((w) => ({ findingId: w.id, actorId: null, action: EVENT_NAMES.wake, fromStatus: 'snoozed', toStatus: 'pending', note: 'The snooze ended', payload: null })),
  );
  await publishLive(
    em,
    woken.map((w) =>
      notification(tenantId, w.user_id, 'finding.decided', {
        id: w.id,
        action: EVENT_NAMES.wake,
        fromStatus: 'snoozed',
        status: 'pending',
        version: w.version,
        actorId: null,
        at: w.updated_at.toISOString(),
      }),
    ),
  );
}
