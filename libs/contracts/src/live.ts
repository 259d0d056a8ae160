import type { FindingSeverity, FindingStatus, FindingType } from './findings';

/**
 * Live updates over server-sent events: `GET /api/findings/stream` (operators of the tenant) and
 * `GET /api/insights/stream` (customers, their own insights only). EventSource cannot send headers, so both
 * routes also accept the access token as the `access_token` query parameter.
 */

/**
 * The PostgreSQL NOTIFY channel the deployment's processes publish on (one channel for the whole deployment;
 * NOTIFY is scoped to the database, so deployments on separate databases never hear each other). Each API process
 * holds one connection that LISTENs to it and fans the notifications out to its open streams.
 */
export const LIVE_CHANNEL = 'spendguard_live';

export const OPERATOR_LIVE_EVENTS = ['finding.created', 'finding.decided', 'finding.claimed'] as const;
export const CUSTOMER_LIVE_EVENTS = ['insight.created'] as const;
export const LIVE_EVENT_TYPES = [...OPERATOR_LIVE_EVENTS, ...CUSTOMER_LIVE_EVENTS] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** `finding.created`: the analysis stored a new finding (nightly, weekly, on demand or real-time scoring). */
export interface FindingCreatedEvent {
  id: string;
  customerId: string;
  type: FindingType;
  severity: FindingSeverity;
  score: number;
  status: FindingStatus;
  version: number;
  createdAt: string;
}

/**
 * `finding.decided`: any decision on a finding (claim, release, approve, dismiss, snooze, assign, confirm or
 * reject a dismissal, annotate, and the system waking a snooze). `action` is the `finding_events.action` written
 * (claimed, released, approved, dismissed, snoozed, assigned, dismissal_confirmed, dismissal_rejected, annotated,
 * woken); `actorId` is null for the system.
 */
export interface FindingDecidedEvent {
  id: string;
  action: string;
  fromStatus: FindingStatus;
  status: FindingStatus;
  version: number;
  actorId: string | null;
  at: string;
}

/**
 * `finding.claimed`: a decision left the finding in review with a claim (claim, next, a bulk decision's claim,
 * assign, a rejected dismissal going back to its reviewer). `assigneeId` holds it from `claimedAt` for the
 * tenant's claim TTL (the finding's `claimExpiresAt`).
 */
export interface FindingClaimedEvent {
  id: string;
  version: number;
  actorId: string | null;
  assigneeId: string;
  claimedAt: string;
}

/** `insight.created`: one of the customer's findings was approved; `GET /api/insights` has its wording. */
export interface InsightCreatedEvent {
  id: string;
  type: FindingType;
  approvedAt: string;
}

export interface LiveEventData {
  'finding.created': FindingCreatedEvent;
  'finding.decided': FindingDecidedEvent;
  'finding.claimed': FindingClaimedEvent;
  'insight.created': InsightCreatedEvent;
}

/**
 * What travels on LIVE_CHANNEL (JSON, well under PostgreSQL's 8,000-byte payload limit): the tenant, the customer
 * the finding is about (routing for customer streams), the event type and its data. Never evidence or wording.
 */
export interface LiveNotification<E extends LiveEventType = LiveEventType> {
  tenantId: string;
  customerId: string;
  event: E;
  data: LiveEventData[E];
}
