import type { DismissReason, FindingSeverity, FindingStatus, FindingType } from './findings';

/** `GET /api/findings/metrics?days=7|30`: the review queue now, and the decisions of the last `days` days. */
export const METRICS_WINDOWS = [7, 30] as const;
export type MetricsWindow = (typeof METRICS_WINDOWS)[number];

export interface QueueCell {
  status: FindingStatus;
  severity: FindingSeverity;
  count: number;
}

export interface OpenAgeMetrics {
  /** Open findings (pending, in review, waiting for a second review, snoozed). */
  open: number;
  /** Hours since creation; null when nothing is open. */
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ReviewerDecisions {
  actorId: string;
  displayName: string;
  /** `approved` events by this person in the window (bulk ones included). */
  approved: number;
  /** `dismissed` events (including dismissals that then waited for a second review). */
  dismissed: number;
  /** Second reviews: dismissals confirmed or rejected. */
  secondReviews: number;
  snoozed: number;
  /** approved + dismissed + secondReviews + snoozed. */
  total: number;
}

export interface ReasonCount {
  reason: DismissReason;
  count: number;
}

/** approved / (approved + dismissed) over findings decided in the window; null when none were decided. */
export interface PrecisionRow {
  approved: number;
  dismissed: number;
  precision: number | null;
}

export interface DetectorPrecision extends PrecisionRow {
  /** The detector with the highest score in the anomaly's evidence.detectors (ties: alphabetical first). */
  detector: string;
}

export interface TypePrecision extends PrecisionRow {
  type: FindingType;
}

export interface FindingMetrics {
  days: number;
  /** Start of the window (now - days). */
  since: string;
  generatedAt: string;
  /** The open queue now (pending, in review, waiting for a second review, snoozed) by status and severity; cells with findings only. */
  queue: QueueCell[];
  openAge: OpenAgeMetrics;
  /** Open findings past their due date now. */
  overdue: number;
  decisionsByReviewer: ReviewerDecisions[];
  /** Over findings decided (approved or dismissed) in the window; null when none. */
  approvalRate: number | null;
  decided: { approved: number; dismissed: number };
  dismissalReasons: ReasonCount[];
  precisionByDetector: DetectorPrecision[];
  precisionByType: TypePrecision[];
}

/** `GET /api/findings/metrics/daily?days=7|30`: per tenant-local day, findings created and decisions made. */
export interface DailyReviewCount {
  /** `YYYY-MM-DD` in the tenant's time zone. */
  day: string;
  /** Findings the analysis stored that day (including ones a suppression rule dismissed on arrival). */
  created: number;
  /** Approvals made that day (bulk ones included). */
  approved: number;
  /** Final dismissals that day: reviewer dismissals and confirmed four-eyes dismissals, not suppression rules. */
  dismissed: number;
}

export interface DailyReviewFlow {
  days: DailyReviewCount[];
  timezone: string;
}
