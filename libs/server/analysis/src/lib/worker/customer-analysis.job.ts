import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { FindingSeverity } from '@spendguard/contracts';
import { FEATURE_NAMES, type CustomerModel } from '@spendguard/ml';
import { rows, runInTenant } from '@spendguard/server-data';
import { analyseCustomerHistory } from '../domain/analyse';
import { dayIndex } from '../domain/calendar';
import type { BudgetLine, HistoryExpense } from '../domain/findings.types';
import { ArtifactStore, SavedArtifact } from './artifact-store';
import { writeFindings } from './findings-writer';

export interface CustomerJob {
  tenantId: string;
  customerId: string;
  runId: string;
}

export interface CustomerJobOutcome {
  status: 'succeeded' | 'skipped' | 'cancelled';
  findingsCreated: number;
}

interface TenantRow {
  currency: string;
  locale: string;
  timezone: string;
  flag_budget: string;
  sla_hours: Record<FindingSeverity, number>;
}

/**
 * Loads up to 24 months of history in the tenant's base currency, converted by `app_fx_rate` (the latest monthly rate
 * at or before the expense's month, the same rule as the budgets); expenses without any such rate are left out.
 */
export async function loadHistory(
  em: EntityManager,
  tenantId: string,
  customerId: string,
  asOf: string,
  timezone: string,
): Promise<{ history: HistoryExpense[]; unconverted: number }> {
  const found = await rows<HistoryExpense & { base_amount: string | null }>(
    em,
    `SELECT e.id,
            CASE WHEN e.occurred_at IS NULL THEN e.occurred_on::text || 'T12:00:00'
                 ELSE to_char(e.occurred_at AT TIME ZONE $4, 'YYYY-MM-DD"T"HH24:MI:SS') END AS "occurredAt",
            e.occurred_on::text AS "occurredOn",
            e.amount::text AS "originalAmount",
            e.currency,
            CASE WHEN e.currency = t.currency THEN e.amount ELSE e.amount * app_fx_rate(e.tenant_id, e.currency, e.occurred_on) END AS base_amount,
            c.name AS category, e.category_id AS "categoryId", e.merchant, e.description
       FROM expenses e
       JOIN tenants t ON t.id = e.tenant_id
       LEFT JOIN categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id
      WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.amount > 0
        AND e.occurred_on <= $3::date AND e.occurred_on > ($3::date - interval '24 months')
      ORDER BY e.occurred_on, e.occurred_at NULLS FIRST, e.id`,
    [tenantId, customerId, asOf, timezone],
  );
  const history: HistoryExpense[] = [];
  let unconverted = 0;
  for (const r of found) {
    if (r.base_amount === null) {
      unconverted++;
      continue;
    }
    const { base_amount, ...rest } = r;
    history.push({ ...rest, amount: Number(base_amount) });
  }
  return { history, unconverted };
}

/** This month's budget per category: the month's override, else the recurring budget. */
async function loadBudgets(em: EntityManager, tenantId: string, customerId: string, asOf: string): Promise<BudgetLine[]> {
  return rows<BudgetLine>(
    em,
    `SELECT DISTINCT ON (b.category_id) b.category_id AS "categoryId", c.name AS category, b.amount::float8 AS amount
       FROM budgets b JOIN categories c ON c.tenant_id = b.tenant_id AND c.id = b.category_id
      WHERE b.tenant_id = $1 AND b.user_id = $2
        AND (b.month IS NULL OR b.month = date_trunc('month', $3::date)::date)
      ORDER BY b.category_id, b.month NULLS LAST`,
    [tenantId, customerId, asOf],
  );
}

export interface CustomerJobOptions {
  /** Anomaly findings for the last N days (default: 3 for nightly runs, 30 on demand). */
  recentDays?: number;
  /**
   * Nightly runs reuse the customer's latest anomaly model until it is this many days old (by run date); 0 retrains
   * every run. Default DEFAULT_RETRAIN_DAYS. On-demand runs always retrain.
   */
  retrainDays?: number;
  /** Test seams: code run at fixed points of the job (a revocation racing the run, a failing write). */
  hooks?: CustomerJobHooks;
}

export interface CustomerJobHooks {
  /** After the analysis, before its results are written (no transaction open). */
  beforeWrite?: () => Promise<void>;
  /** In the write transaction, after the consent lock and every write but the run's own, before the commit. */
  beforeCommit?: (em: EntityManager) => Promise<void>;
}

/** The stage a claimed run records (with percent done); it ends `done` (100) with its result. */
const STAGE_ANALYSING = { stage: 'analysing', progress: 10 } as const;

/** The run ended (cancelled, or failed by reconciliation) while this job worked on it: nothing is written. */
class RunNoLongerRunning extends Error {}

/**
 * The claim and the results of a run commit without waiting for the disk (asyncCommit): the job's completion in the
 * queue, committed synchronously after them, makes them durable, and a job lost with them is fetched again after its
 * expiry and redoes the run (which is safe to repeat). Saves a WAL flush wait per transaction, two per customer.
 */
const DEFERRED_DURABILITY = { asyncCommit: true } as const;

export const DEFAULT_RETRAIN_DAYS = 7;
/** A model is retrained when the history's size moved by more than this share of its training rows. */
export const RETRAIN_CHANGE_SHARE = 0.1;

interface StartRow extends TenantRow {
  run_date: string;
  kind: 'nightly' | 'on_demand';
  granted: boolean;
  display_name: string | null;
  model_version: number | null;
  model_path: string | null;
  trained_as_of: string | null;
  training_rows: number | null;
}

/**
 * The oldest a reused model may be for this customer: `retrainDays`, less up to half of it by a hash of the
 * customer id, so that customers first trained on the same night do not all retrain on the same later night.
 */
export function maxModelAgeDays(customerId: string, retrainDays: number): number {
  if (retrainDays <= 0) return 0;
  const spread = Math.ceil(retrainDays / 2);
  const h = createHash('sha256').update(customerId).digest().readUInt32BE(0);
  return retrainDays - (h % spread);
}

/**
 * Whether the run trains a new anomaly model, and why: on-demand runs, no model yet, a model older than the
 * customer's maximum age (or trained on a later date than this run's), or a history that changed by more than
 * RETRAIN_CHANGE_SHARE of the model's training rows (new expenses since it was trained, or a history that grew or shrank).
 */
export function retrainDecision(input: {
  kind: 'nightly' | 'on_demand';
  customerId: string;
  runDate: string;
  retrainDays: number;
  model: { trainedAsOf: string; trainingRows: number | null } | null;
  history: readonly Pick<HistoryExpense, 'occurredOn'>[];
}): { retrain: boolean; reason: string } {
  if (input.kind !== 'nightly') return { retrain: true, reason: 'on demand' };
  if (!input.model) return { retrain: true, reason: 'no model' };
  const age = dayIndex(input.runDate) - dayIndex(input.model.trainedAsOf);
  if (age < 0) return { retrain: true, reason: 'model trained after the run date' };
  const maxAge = maxModelAgeDays(input.customerId, input.retrainDays);
  if (age >= maxAge) return { retrain: true, reason: `model ${age} days old (max ${maxAge})` };
  const rows = input.model.trainingRows;
  if (!rows) return { retrain: true, reason: 'model without training rows' };
  const trainedAsOf = input.model.trainedAsOf;
  const added = input.history.reduce((n, e) => n + (e.occurredOn > trainedAsOf ? 1 : 0), 0);
  const change = Math.max(added, Math.abs(input.history.length - rows)) / rows;
  if (change > RETRAIN_CHANGE_SHARE) return { retrain: true, reason: `history changed by ${Math.round(change * 100)}%` };
  return { retrain: false, reason: `reused (${age} days old)` };
}

/**
 * One customer's analysis run, safe to repeat: a run already finished (or cancelled) is left alone, and
 * findings are keyed by fingerprint, so a job retried after a crash creates no duplicates.
 * Nightly runs reuse the latest anomaly model while it is recent (see retrainDecision) and then score only the
 * recent window; otherwise a model is trained and stored as a new artifact version.
 *
 * Consent is checked when the run is claimed and again when its results are written: the write transaction first
 * takes a share lock on the customer's consent row (a revocation locks it for update, so the two take turns) and
 * writes nothing when the consent is gone (the run ends cancelled) or the run is no longer running (a revocation
 * cancelled it meanwhile). The run's stage and percent are recorded with the claim (`analysing`) and with the
 * result (`done`): no extra round trip per run.
 */
export async function runCustomerAnalysis(
  ds: DataSource,
  artifacts: ArtifactStore,
  job: CustomerJob,
  options: CustomerJobOptions = {},
): Promise<CustomerJobOutcome> {
  const scope = { tenantId: job.tenantId };
  const started = await runInTenant(ds, scope, async (em) => {
    // claim the run, and read consent, tenant settings, the customer's name and latest model in one round trip
    const [start] = await rows<StartRow>(
      em,
      `WITH run AS (
         UPDATE analysis_runs SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1,
                stage = '${STAGE_ANALYSING.stage}', progress = ${STAGE_ANALYSING.progress}
          WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running')
          RETURNING run_date, kind)
       SELECT run.run_date::text AS run_date, run.kind, coalesce(c.analysis_granted, false) AS granted,
              t.currency, t.locale, t.timezone, t.flag_budget, t.sla_hours, u.display_name,
              a.version AS model_version, a.path AS model_path, a.trained_as_of, a.training_rows
         FROM run
         JOIN tenants t ON t.id = $1
         LEFT JOIN consents c ON c.tenant_id = $1 AND c.user_id = $3
         LEFT JOIN users u ON u.tenant_id = $1 AND u.id = $3
         LEFT JOIN LATERAL (
           SELECT m.version, m.path, coalesce(m.metadata->>'trainedAsOf', m.created_at::date::text) AS trained_as_of,
                  (m.metadata->'training'->>'rows')::int AS training_rows
             FROM model_artifacts m
            WHERE m.tenant_id = $1 AND m.user_id = $3 AND m.kind = 'anomaly'
            ORDER BY m.version DESC LIMIT 1) a ON true`,
      [job.tenantId, job.runId, job.customerId],
    );
    if (!start) return null;
    if (!start.granted) {
      await rows(
        em,
        `UPDATE analysis_runs SET status = 'cancelled', finished_at = now(), error = 'no analysis consent' WHERE tenant_id = $1 AND id = $2`,
        [job.tenantId, job.runId],
      );
      return 'cancelled' as const;
    }
    const { history, unconverted } = await loadHistory(em, job.tenantId, job.customerId, start.run_date, start.timezone);
    const budgets = await loadBudgets(em, job.tenantId, job.customerId, start.run_date);
    return { start, history, unconverted, budgets };
  }, DEFERRED_DURABILITY);
  if (started === null) return { status: 'skipped', findingsCreated: 0 };
  if (started === 'cancelled') return { status: 'cancelled', findingsCreated: 0 };

  const t0 = performance.now();
  const { start, history, unconverted, budgets } = started;
  const tenant: TenantRow = start;
  let decision = retrainDecision({
    kind: start.kind,
    customerId: job.customerId,
    runDate: start.run_date,
    retrainDays: options.retrainDays ?? DEFAULT_RETRAIN_DAYS,
    model: start.model_version !== null && start.trained_as_of ? { trainedAsOf: start.trained_as_of, trainingRows: start.training_rows } : null,
    history: history.filter((e) => e.occurredOn <= start.run_date),
  });
  let reused: { model: CustomerModel; version: number } | null = null;
  if (!decision.retrain && start.model_path !== null && start.model_version !== null) {
    try {
      const model = await artifacts.load(start.model_path);
      if (model.metadata.featureNames.join() === FEATURE_NAMES.join()) reused = { model, version: start.model_version };
      else decision = { retrain: true, reason: 'model features differ' };
    } catch {
      decision = { retrain: true, reason: 'model artifact unreadable' };
    }
  }
  const analysis = await analyseCustomerHistory({
    context: {
      tenantCurrency: tenant.currency,
      tenantLocale: tenant.locale,
      asOf: start.run_date,
      customerId: job.customerId,
      customerName: start.display_name ?? '',
    },
    history,
    budgets,
    flagBudget: Number(tenant.flag_budget),
    recentDays: options.recentDays ?? (start.kind === 'nightly' ? 3 : 30),
    reuseModel: reused?.model ?? null,
  });
  const analysisMs = performance.now() - t0;

  // a new model is serialised now, so that the write transaction below only writes
  const prepared = analysis.retrained && analysis.model ? artifacts.prepare(analysis.model, { trainedAsOf: start.run_date }) : null;
  await options.hooks?.beforeWrite?.();
  // a model saved by the write below: its files go if the transaction fails, older versions' files once it committed
  const stored: { artifact?: SavedArtifact } = {};
  let outcome: CustomerJobOutcome;
  try {
    outcome = await runInTenant(
      ds,
      scope,
      (em) =>
        writeResults(em).catch(async (error: unknown) => {
          // still inside the transaction (and its per-customer artifact lock): no other run can own this version yet
          if (stored.artifact) await artifacts.discard(stored.artifact);
          throw error;
        }),
      DEFERRED_DURABILITY,
    );
  } catch (error) {
    if (error instanceof RunNoLongerRunning) return { status: 'cancelled', findingsCreated: 0 };
    throw error;
  }
  if (stored.artifact) await artifacts.prune(stored.artifact);
  return outcome;

  async function writeResults(em: EntityManager): Promise<CustomerJobOutcome> {
    const t1 = performance.now();
    // first of all, so that a revocation (which locks this row for update) and this write take turns
    const [consent] = await rows<{ granted: boolean }>(
      em,
      `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2 FOR SHARE`,
      [job.tenantId, job.customerId],
    );
    if (!consent?.granted) {
      await rows(
        em,
        `UPDATE analysis_runs SET status = 'cancelled', finished_at = now(), error = 'consent revoked'
          WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
        [job.tenantId, job.runId],
      );
      return { status: 'cancelled', findingsCreated: 0 };
    }
    let artifact: { version: number; sha256: string; trainedAsOf: string } | null = null;
    if (prepared) {
      const saved = await artifacts.save(em, job.tenantId, job.customerId, prepared, job.runId);
      stored.artifact = saved;
      artifact = { version: saved.version, sha256: saved.sha256, trainedAsOf: start.run_date };
    } else if (reused && analysis.model) {
      artifact = { version: reused.version, sha256: reused.model.metadata.onnx.sha256, trainedAsOf: start.trained_as_of ?? '' };
    }
    const written = await writeFindings(em, {
      tenantId: job.tenantId,
      customerId: job.customerId,
      runId: job.runId,
      drafts: analysis.drafts,
      slaHours: tenant.sla_hours,
      reassessedTypes: ['anomaly', 'forecast_overrun', 'drift', 'recurring_change'],
      currentExpenses: new Map(history.map((e) => [e.id, { amount: e.originalAmount, merchant: e.merchant }])),
    });
    const timings = { ...analysis.timings, analysis: Math.round(analysisMs), store: Math.round(performance.now() - t1) };
    const counts = {
      ...analysis.counts,
      unconverted,
      retrained: analysis.retrained ? 1 : 0,
      created: written.created.length,
      superseded: written.superseded.length,
      skippedExpected: written.skippedExpected,
      skippedExisting: written.skippedExisting,
    };
    await options.hooks?.beforeCommit?.(em);
    // only a run still running: one cancelled meanwhile rolls all of this back
    const finished = await rows(
      em,
      `UPDATE analysis_runs SET status = 'succeeded', finished_at = now(), error = NULL, timings = $3, counts = $4,
              model_versions = $5, findings_created = $6, stage = 'done', progress = 100
        WHERE tenant_id = $1 AND id = $2 AND status = 'running' RETURNING id`,
      [
        job.tenantId,
        job.runId,
        JSON.stringify(timings),
        JSON.stringify(counts),
        JSON.stringify(
          artifact
            ? { anomaly: artifact.version, anomalySha256: artifact.sha256, anomalyTrainedAsOf: artifact.trainedAsOf, anomalyRetrain: decision.reason }
            : {},
        ),
        written.created.length,
      ],
    );
    if (!finished.length) throw new RunNoLongerRunning(`Run ${job.runId} is no longer running`);
    return { status: 'succeeded', findingsCreated: written.created.length };
  }
}

/**
 * Records a failed attempt; the run goes back to queued (stage and progress reset) while retries remain, and is failed
 * after the last (keeping the stage it failed in).
 */
export async function recordFailure(ds: DataSource, job: CustomerJob, error: unknown, final: boolean): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1900);
  await runInTenant(ds, { tenantId: job.tenantId }, (em) =>
    rows(
      em,
      `UPDATE analysis_runs SET status = $3::text, error = $4, finished_at = CASE WHEN $3::text = 'failed' THEN now() ELSE NULL END,
              stage = CASE WHEN $3::text = 'failed' THEN stage END, progress = CASE WHEN $3::text = 'failed' THEN progress ELSE 0 END
        WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [job.tenantId, job.runId, final ? 'failed' : 'queued', message],
    ),
  );
}
