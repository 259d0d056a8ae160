import type { DataSource } from 'typeorm';
import type { FindingSeverity } from '@spendguard/contracts';
import { scoreWithModel } from '@spendguard/ml';
import { rows, runInTenant } from '@spendguard/server-data';
import { buildFindings } from '../domain/findings';
import type { HistoryExpense } from '../domain/findings.types';
import { toMlInput, withinDays } from '../domain/history';
import { ArtifactStore } from './artifact-store';
import { loadHistory } from './customer-analysis.job';
import { writeFindings } from './findings-writer';
import { localDate } from '../runs/analysis-runs.service';

export interface RealtimeJob {
  tenantId: string;
  customerId: string;
  expenseIds: string[];
}

/** New expenses older than this are left to the nightly pass. */
const REALTIME_WINDOW_DAYS = 30;

export interface RealtimeScoringOptions {
  /** Test seam: runs after the scoring, before the findings are written (no transaction open). */
  beforeWrite?: () => Promise<void>;
}

/**
 * Scores freshly created expenses against the customer's latest model (no retraining) and raises an
 * anomaly finding right away for a flagged one. Customers without consent or without a model are skipped.
 * Consent is read again when writing, under a share lock of the consent row (a revocation locks it for update, so
 * the two take turns): a consent revoked while scoring writes nothing.
 */
export async function runRealtimeScoring(
  ds: DataSource,
  artifacts: ArtifactStore,
  job: RealtimeJob,
  options: RealtimeScoringOptions = {},
): Promise<{ scored: number; flagged: number; created: number }> {
  const loaded = await runInTenant(ds, { tenantId: job.tenantId }, async (em) => {
    const [consent] = await rows<{ granted: boolean }>(
      em,
      `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2`,
      [job.tenantId, job.customerId],
    );
    if (!consent?.granted) return null;
    const latest = await artifacts.latest(em, job.tenantId, job.customerId);
    if (!latest) return null;
    const [tenant] = await rows<{ currency: string; locale: string; timezone: string; sla_hours: Record<FindingSeverity, number> }>(
      em,
      `SELECT currency, locale, timezone, sla_hours FROM tenants WHERE id = $1`,
      [job.tenantId],
    );
    const [customer] = await rows<{ display_name: string }>(em, `SELECT display_name FROM users WHERE tenant_id = $1 AND id = $2`, [
      job.tenantId,
      job.customerId,
    ]);
    const asOf = localDate(tenant.timezone);
    const { history } = await loadHistory(em, job.tenantId, job.customerId, asOf, tenant.timezone);
    return { latest, tenant, customer, asOf, history };
  });
  if (!loaded) return { scored: 0, flagged: 0, created: 0 };

  // only new expenses inside the window can raise a finding here (an imported year of history is left to the nightly
  // pass): the others are scored as context, like the rest of the history
  const wanted = new Set(job.expenseIds);
  const isFresh = (e: HistoryExpense) => wanted.has(e.id) && withinDays(e, loaded.asOf, REALTIME_WINDOW_DAYS);
  const fresh = loaded.history.filter(isFresh);
  const before = loaded.history.filter((e) => !isFresh(e));
  if (!fresh.length) return { scored: 0, flagged: 0, created: 0 };
  const scored = await scoreWithModel(loaded.latest.model, fresh.map(toMlInput), before.map(toMlInput));
  const flagged = scored.filter((s) => s.flagged);
  if (!flagged.length) return { scored: scored.length, flagged: 0, created: 0 };

  const drafts = buildFindings({
    context: {
      tenantCurrency: loaded.tenant.currency,
      tenantLocale: loaded.tenant.locale,
      asOf: loaded.asOf,
      customerId: job.customerId,
      customerName: loaded.customer?.display_name ?? '',
    },
    history: loaded.history,
    scored: flagged,
    rules: { recentDays: REALTIME_WINDOW_DAYS },
  }).filter((d) => d.type === 'anomaly');
  await options.beforeWrite?.();
  const created = await runInTenant(ds, { tenantId: job.tenantId }, async (em) => {
    const [consent] = await rows<{ granted: boolean }>(
      em,
      `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2 FOR SHARE`,
      [job.tenantId, job.customerId],
    );
    if (!consent?.granted) return 0;
    const written = await writeFindings(em, {
      tenantId: job.tenantId,
      customerId: job.customerId,
      runId: null,
      drafts: drafts.map((d) => ({ ...d, evidence: { ...d.evidence, realtime: true, modelVersion: loaded.latest.version } })),
      slaHours: loaded.tenant.sla_hours,
      reassessedTypes: [],
    });
    return written.created.length;
  });
  return { scored: scored.length, flagged: flagged.length, created };
}
