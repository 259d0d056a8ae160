import type { Page } from './common';
import type { DismissReason, FindingSeverity, FindingStatus, FindingType } from './findings';

/** What people can do to a finding (the review workflow), plus what the system does on its own. */
export const REVIEW_ACTIONS = [
  'claim',
  'release',
  'approve',
  'dismiss',
  'snooze',
  'assign',
  'confirm_dismissal',
  'reject_dismissal',
  'supersede',
  'wake',
] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Reasons a reviewer may give for a dismissal (`suppressed` is reserved for suppression rules). */
export const REVIEWER_DISMISS_REASONS = ['false_positive', 'expected', 'duplicate', 'not_actionable', 'other'] as const satisfies readonly DismissReason[];
export type ReviewerDismissReason = (typeof REVIEWER_DISMISS_REASONS)[number];

export const ANNOTATION_VISIBILITIES = ['internal', 'customer'] as const;
export type AnnotationVisibility = (typeof ANNOTATION_VISIBILITIES)[number];

export const FINDING_SORTS = ['urgency', 'dueAt', '-createdAt', 'createdAt', '-score'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

export const BULK_ACTIONS = ['approve', 'dismiss', 'assign'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_MAX_IDS = 500;

export interface AnnotationView {
  id: string;
  findingId: string;
  authorId: string;
  body: string;
  visibility: AnnotationVisibility;
  createdAt: string;
}

export interface FindingView {
  id: string;
  customerId: string;
  customer: { id: string; displayName: string };
  type: FindingType;
  severity: FindingSeverity;
  score: number;
  status: FindingStatus;
  /** Customer-facing wording (the reviewer's rewrite once approved). */
  title: string;
  message: string;
  /** The analysis' own wording. */
  originalTitle: string;
  originalMessage: string;
  evidence: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  dueAt: string | null;
  /** Open and past its due date. */
  overdue: boolean;
  assigneeId: string | null;
  claimedAt: string | null;
  /** When the current claim lapses (after which anyone may claim the finding). */
  claimExpiresAt: string | null;
  snoozedUntil: string | null;
  dismissReason: DismissReason | null;
  /** Who dismissed it first, while it waits for a second reviewer. */
  firstReviewerId: string | null;
  decidedAt: string | null;
  approvedAt: string | null;
  version: number;
}

export interface FindingDetailView extends FindingView {
  annotations: AnnotationView[];
}

export interface FindingListQuery {
  status?: FindingStatus;
  type?: FindingType;
  severity?: FindingSeverity;
  customerId?: string;
  assigneeId?: string;
  overdue?: 'true' | 'false';
  sort?: FindingSort;
  limit?: number;
  cursor?: string;
}

export interface FindingPage extends Page<FindingView> {
  /** Findings per status, for the same filters except status. */
  counts: Record<FindingStatus, number>;
}

export interface FindingEventView {
  at: string;
  actorId: string | null;
  action: string;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  note: string | null;
  payload: Record<string, unknown> | null;
}

export interface VersionedRequest {
  /** The version you read; a stale version answers 409. */
  version: number;
}
export type ClaimRequest = VersionedRequest;
export type ReleaseRequest = VersionedRequest;
export type ConfirmDismissalRequest = VersionedRequest;
export interface ApproveRequest extends VersionedRequest {
  title?: string;
  message?: string;
  note?: string;
}
export interface DismissRequest extends VersionedRequest {
  reason: ReviewerDismissReason;
  note?: string;
}
export interface SnoozeRequest extends VersionedRequest {
  /** ISO 8601 timestamp in the future. */
  until: string;
}
export interface AssignRequest extends VersionedRequest {
  assigneeId: string;
}
export interface RejectDismissalRequest extends VersionedRequest {
  note?: string;
}
export interface AnnotateRequest {
  body: string;
  visibility: AnnotationVisibility;
}

export interface BulkRequest {
  action: BulkAction;
  ids: string[];
  reason?: ReviewerDismissReason;
  note?: string;
  assigneeId?: string;
}
export interface BulkItemResult {
  id: string;
  ok: boolean;
  status?: FindingStatus;
  error?: string;
}
export interface BulkResponse {
  results: BulkItemResult[];
}

export interface InsightView {
  id: string;
  type: FindingType;
  title: string;
  message: string;
  annotations: Array<{ body: string; at: string }>;
  approvedAt: string;
  readAt: string | null;
}
export interface InsightList {
  items: InsightView[];
}
export interface ReadInsightRequest {
  /** false marks the insight unread again (default true). */
  read?: boolean;
}

/** `GET /api/operators`: the tenant's operators, for assigning findings and naming people in audit trails. */
export interface OperatorView {
  id: string;
  displayName: string;
  role: 'reviewer' | 'supervisor' | 'admin';
}
export interface OperatorList {
  items: OperatorView[];
}
