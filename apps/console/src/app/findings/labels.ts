import type { DismissReason, FindingSeverity, FindingStatus, FindingType } from '@spendguard/contracts';

/** The words operators see for the workflow's codes (one place, so tables, filters and charts agree). */
export const TYPE_LABELS: Record<FindingType, string> = {
  anomaly: 'Unusual payment',
  forecast_overrun: 'Budget overrun',
  drift: 'Spending drift',
  category_merge: 'Category merge',
  recurring_change: 'Recurring charge',
};

export const STATUS_LABELS: Record<FindingStatus, string> = {
  pending: 'Pending',
  in_review: 'In review',
  pending_second_review: 'Awaiting second review',
  approved: 'Approved',
  dismissed: 'Dismissed',
  snoozed: 'Snoozed',
  superseded: 'Superseded',
};

export const SEVERITY_LABELS: Record<FindingSeverity, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const REASON_LABELS: Record<DismissReason, string> = {
  false_positive: 'False positive',
  expected: 'Expected / known to the customer',
  duplicate: 'Duplicate',
  not_actionable: 'Not actionable',
  other: 'Other',
  suppressed: 'Suppression rule',
};

/** finding_events.action in plain words for the audit timeline. */
export const EVENT_LABELS: Record<string, string> = {
  created: 'Created by the analysis',
  claimed: 'Claimed',
  released: 'Released',
  approved: 'Approved',
  dismissed: 'Dismissed',
  snoozed: 'Snoozed',
  assigned: 'Assigned',
  dismissal_confirmed: 'Dismissal confirmed',
  dismissal_rejected: 'Dismissal rejected',
  annotated: 'Note added',
  woken: 'Snooze ended',
  superseded: 'Superseded by newer data',
};

export function eventLabel(action: string): string {
  return EVENT_LABELS[action] ?? action.replace(/_/g, ' ');
}
