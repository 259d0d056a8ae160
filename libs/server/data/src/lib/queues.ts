/** The job queues (pg-boss, in the `pgboss` schema of the application database). */
export const PGBOSS_SCHEMA = 'pgboss';

export const QUEUES = {
  /** One job per customer per analysis run (nightly pass and on-demand runs). */
  customerAnalysis: 'analysis-customer',
  /** Score freshly created expenses against the customer's latest model. */
  realtimeScoring: 'analysis-realtime',
  /** Per-tenant work: embeddings, clustering, category-merge suggestions, auto-categorisation. */
  tenantAnalysis: 'analysis-tenant',
  /** One Excel report (POST /reports). */
  reportGeneration: 'report-generate',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface QueuePolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  retentionMinutes: number;
}

/**
 * Three attempts with exponential backoff; a job whose worker died (even by SIGKILL) expires and is
 * retried by whichever worker is alive. ANALYSIS_JOB_EXPIRE_SECONDS shortens the expiry (tests).
 */
export function queuePolicies(env: Record<string, string | undefined> = process.env): Record<QueueName, QueuePolicy> {
  const expire = Number(env['ANALYSIS_JOB_EXPIRE_SECONDS'] ?? 900);
  const retryDelay = Number(env['ANALYSIS_RETRY_DELAY_SECONDS'] ?? 30);
  const base = { retryLimit: 2, retryDelay, retryBackoff: true, retentionMinutes: 7 * 24 * 60 };
  return {
    [QUEUES.customerAnalysis]: { ...base, expireInSeconds: expire },
    [QUEUES.realtimeScoring]: { ...base, retryDelay: Math.min(retryDelay, 5), expireInSeconds: Math.min(expire, 120) },
    [QUEUES.tenantAnalysis]: { ...base, expireInSeconds: Math.max(expire, 1800) },
    // a report takes seconds; a stuck one is retried soon, and a user waits for it, so retries come quickly
    [QUEUES.reportGeneration]: { ...base, retryDelay: Math.min(retryDelay, 5), expireInSeconds: Math.min(expire, 300), retentionMinutes: 24 * 60 },
  } as Record<QueueName, QueuePolicy>;
}
