import type { DataSource, EntityManager } from 'typeorm';
import type { FindingSeverity } from '@spendguard/contracts';
import { rows, runInTenant } from '@spendguard/server-data';
import { analyseCustomerHistory } from '../domain/analyse';
import type { BudgetLine, HistoryExpense } from '../domain/findings.types';
import { ArtifactStore } from './artifact-store';
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

/** Loads up to 24 months of history in the tenant's base currency (expenses without an FX rate are left out). */
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
            CASE WHEN e.currency = t.currency THEN e.amount ELSE e.amount * fx.rate END AS base_amount,
            c.name AS category, e.category_id AS "categoryId", e.merchant, e.description
       FROM expenses e
       JOIN tenants t ON t.id = e.tenant_id
       LEFT JOIN categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id
       LEFT JOIN fx_rates fx ON fx.tenant_id = e.tenant_id AND fx.currency = e.currency
                            AND fx.month = date_trunc('month', e.occurred_on)::date
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

/**
 * One customer's analysis run, safe to repeat: a run already finished (or cancelled) is left alone, and
 * findings are keyed by fingerprint, so a job retried after a crash creates no duplicates.
 */
export async function runCustomerAnalysis(
  ds: DataSource,
  artifacts: ArtifactStore,
  job: CustomerJob,
  options: { recentDays?: number } = {},
): Promise<CustomerJobOutcome> {
  const scope = { tenantId: job.tenantId };
  const started = await runInTenant(ds, scope, async (em) => {
    const [run] = await rows<{ run_date: string; kind: string }>(
      em,
      `UPDATE analysis_runs SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1
        WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running')
        RETURNING run_date::text AS run_date, kind`,
      [job.tenantId, job.runId],
    );
    if (!run) return null;
    const [consent] = await rows<{ granted: boolean }>(
      em,
      `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2`,
      [job.tenantId, job.customerId],
    );
    if (!consent?.granted) {
      await rows(
        em,
        `UPDATE analysis_runs SET status = 'cancelled', finished_at = now(), error = 'no analysis consent' WHERE tenant_id = $1 AND id = $2`,
        [job.tenantId, job.runId],
      );
      return 'cancelled' as const;
    }
    const [tenant] = await rows<TenantRow>(
      em,
      `SELECT currency, locale, timezone, flag_budget, sla_hours FROM tenants WHERE id = $1`,
      [job.tenantId],
    );
    const [customer] = await rows<{ display_name: string }>(
      em,
      `SELECT display_name FROM users WHERE tenant_id = $1 AND id = $2`,
      [job.tenantId, job.customerId],
    );
    const { history, unconverted } = await loadHistory(em, job.tenantId, job.customerId, run.run_date, tenant.timezone);
    const budgets = await loadBudgets(em, job.tenantId, job.customerId, run.run_date);
    return { run, tenant, customer, history, unconverted, budgets };
  });
  if (started === null) return { status: 'skipped', findingsCreated: 0 };
  if (started === 'cancelled') return { status: 'cancelled', findingsCreated: 0 };

  const t0 = performance.now();
  const { run, tenant, customer, history, unconverted, budgets } = started;
  const analysis = await analyseCustomerHistory({
    context: {
      tenantCurrency: tenant.currency,
      tenantLocale: tenant.locale,
      asOf: run.run_date,
      customerId: job.customerId,
      customerName: customer?.display_name ?? '',
    },
    history,
    budgets,
    flagBudget: Number(tenant.flag_budget),
    recentDays: options.recentDays ?? (run.kind === 'nightly' ? 3 : 30),
  });
  const analysisMs = performance.now() - t0;

  return runInTenant(ds, scope, async (em) => {
    const t1 = performance.now();
    const artifact = analysis.model ? await artifacts.save(em, job.tenantId, job.customerId, analysis.model, job.runId) : null;
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
      created: written.created.length,
      superseded: written.superseded.length,
      skippedExpected: written.skippedExpected,
      skippedExisting: written.skippedExisting,
    };
    await rows(
      em,
      `UPDATE analysis_runs SET status = 'succeeded', finished_at = now(), error = NULL, timings = $3, counts = $4,
              model_versions = $5, findings_created = $6
        WHERE tenant_id = $1 AND id = $2`,
      [
        job.tenantId,
        job.runId,
        JSON.stringify(timings),
        JSON.stringify(counts),
        JSON.stringify(artifact ? { anomaly: artifact.version, anomalySha256: artifact.sha256 } : {}),
        written.created.length,
      ],
    );
    return { status: 'succeeded' as const, findingsCreated: written.created.length };
  });
}

/** Records a failed attempt; the run stays queued while retries remain, and is failed after the last. */
export async function recordFailure(ds: DataSource, job: CustomerJob, error: unknown, final: boolean): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1900);
  await runInTenant(ds, { tenantId: job.tenantId }, (em) =>
    rows(
      em,
      `UPDATE analysis_runs SET status = $3, error = $4, finished_at = CASE WHEN $3 = 'failed' THEN now() ELSE NULL END
        WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [job.tenantId, job.runId, final ? 'failed' : 'queued', message],
    ),
  );
}
