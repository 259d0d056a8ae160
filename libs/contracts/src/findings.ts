export const FINDING_TYPES = ['anomaly', 'forecast_overrun', 'drift', 'category_merge', 'recurring_change'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const FINDING_STATUSES = [
  'pending',
  'in_review',
  'pending_second_review',
  'approved',
  'dismissed',
  'snoozed',
  'superseded',
] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Statuses in which a finding still waits for people. */
export const OPEN_FINDING_STATUSES = ['pending', 'in_review', 'pending_second_review', 'snoozed'] as const satisfies readonly FindingStatus[];

export const DISMISS_REASONS = ['false_positive', 'expected', 'duplicate', 'not_actionable', 'other', 'suppressed'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export const ANALYSIS_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type AnalysisRunStatus = (typeof ANALYSIS_RUN_STATUSES)[number];

/** Where a run is: waiting, analysing the history and storing its findings, done. */
export const ANALYSIS_RUN_STAGES = ['queued', 'analysing', 'done'] as const;
export type AnalysisRunStage = (typeof ANALYSIS_RUN_STAGES)[number];

export interface AnalysisRunView {
  id: string;
  customerId: string;
  kind: 'nightly' | 'on_demand';
  runDate: string;
  status: AnalysisRunStatus;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Milliseconds per stage (load, features, detectors, forecast, drift, recurring, findings, total). */
  timings: Record<string, number>;
  modelVersions: Record<string, string | number>;
  counts: Record<string, number>;
  findingsCreated: number;
  attempts: number;
  error?: string | null;
  /** The stage reached (a failed or cancelled run keeps the stage it stopped in). */
  stage: AnalysisRunStage;
  /** Percent done (0-100). */
  progress: number;
}

/** `GET /admin/queue`: the tenant's jobs by queue and state, the oldest waiting job, the latest failed runs. */
export interface QueueHealthView {
  counts: Array<{ queue: string; state: string; count: number }>;
  /** Age in seconds of the oldest job waiting, null when none waits. */
  oldestQueuedSeconds: number | null;
  recentFailures: AnalysisRunView[];
}
