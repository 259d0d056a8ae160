import type { FindingStatus, FindingType, LiveNotification, ReviewAction } from '@spendguard/contracts';
import { EVENT_NAMES } from '../domain';
import { notification } from './live-publish';

/** What a decision wrote on one finding (the UPDATE's RETURNING row). */
export interface AppliedRow {
  id: string;
  user_id: string;
  type: FindingType;
  status: FindingStatus;
  version: number;
  assignee_id: string | null;
  claimed_at: Date | null;
  approved_at: Date | null;
  updated_at: Date;
}

export interface DecidedChange {
  id: string;
  steps: Array<{ action: ReviewAction; actorId: string | null; from: FindingStatus }>;
}

/**
 * The live events of decisions: `finding.decided` for each finding (the last step's action, the status before the
 * first step), `finding.claimed` when it is left in review with a claim, `insight.created` for its customer when
 * it was approved.
 */
export function decisionNotifications(tenantId: string, changes: DecidedChange[], applied: AppliedRow[]): LiveNotification[] {
  const byId = new Map(applied.map((r) => [r.id, r]));
  const out: LiveNotification[] = [];
  for (const change of changes) {
    const row = byId.get(change.id);
    const last = change.steps[change.steps.length - 1];
    if (!row || !last) continue;
    out.push(
      notification(tenantId, row.user_id, 'finding.decided', {
        id: row.id,
        action: EVENT_NAMES[last.action],
        fromStatus: change.steps[0].from,
        status: row.status,
        version: row.version,
        actorId: last.actorId,
        at: row.updated_at.toISOString(),
      }),
    );
    if (row.status === 'in_review' && row.assignee_id && row.claimed_at) {
      out.push(
        notification(tenantId, row.user_id, 'finding.claimed', {
          id: row.id,
          version: row.version,
          actorId: last.actorId,
          assigneeId: row.assignee_id,
          claimedAt: row.claimed_at.toISOString(),
        }),
      );
    }
    if (row.status === 'approved' && row.approved_at) {
      out.push(notification(tenantId, row.user_id, 'insight.created', { id: row.id, type: row.type, approvedAt: row.approved_at.toISOString() }));
    }
  }
  return out;
}
