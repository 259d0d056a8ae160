/**
 * The per-customer analysis: runs libs/ml on one customer's history (anomalies, forecasts and the month's budget
 * projection, drift, recurring charges) and builds the finding drafts. Returns everything the job stores.
 * Plain TypeScript: the job (issue 6) loads the history and budgets and persists the result.
 */
import {
  analyseDrift,
  analyzeCustomer,
  detectRecurring,
  forecastSeries,
  projectMonth,
  scoreWithModel,
  wallClockMinutes,
  type CustomerModel,
  type DriftResult,
  type RecurringSeries,
  type ScoredTransaction,
} from '@spendguard/ml';
import { addMonths, dayOfMonth, daysInMonth, monthOf } from './calendar';
import { buildFindings, type BudgetProjection, type FindingRules } from './findings';
import type { BudgetLine, FindingContext, FindingDraft, HistoryExpense } from './findings.types';
import { categoryKey, categoryName, dailySpend, firstFullMonth, monthlyTotals, monthsBetween, round2, toMlInput, withinDays, type MonthTotal } from './history';

export interface AnalyseCustomerInput {
  context: FindingContext;
  /** Up to 24 months of the customer's expenses, base currency; expenses after `context.asOf` are ignored. */
  history: readonly HistoryExpense[];
  /** Budgets of the month of `context.asOf`. */
  budgets: readonly BudgetLine[];
  /** Tenant setting: maximum share of a month's transactions flagged as anomalies (e.g. 0.02). */
  flagBudget: number;
  /** Anomaly findings only for expenses of the last N days up to asOf (default 3, for a nightly run). */
  recentDays?: number;
  /** Seed of the detectors (default: derived from the customer id, so reruns agree). */
  seed?: number;
  /** Months forecast per category, starting with the current month (default 3). */
  forecastHorizon?: number;
  /** Further builder rules (thresholds); `recentDays` above wins over rules.recentDays. */
  rules?: Partial<FindingRules>;
  /** Clock for the anomaly model's createdAt (reproducible runs in tests). */
  now?: () => Date;
  /**
   * A previously trained anomaly model to reuse instead of training one (the nightly pass between retrains): only
   * the expenses of the last `recentDays` days are scored against it (features from the whole history), with the
   * flag budget applied per month over them. Without it the model is trained on the history.
   */
  reuseModel?: CustomerModel | null;
}

export interface MonthForecast {
  month: string;
  mean: number;
  lo: number;
  hi: number;
}

export interface CategoryForecast {
  categoryId: string | null;
  category: string;
  model: string;
  lowConfidence: boolean;
  reason: string;
  /** Monthly history the forecast was made from (complete months). */
  history: MonthTotal[];
  /** Forecasts from the current month on, 80% intervals. */
  forecast: MonthForecast[];
}

/** Milliseconds per stage; `detectors` covers scaling, LOF, one-class SVM, autoencoder (training, ONNX) and the ensemble. */
export interface AnalysisTimings {
  features: number;
  detectors: number;
  forecast: number;
  drift: number;
  recurring: number;
  findings: number;
  total: number;
}

export interface CustomerAnalysis {
  drafts: FindingDraft[];
  /** The customer's anomaly model (ONNX bytes + metadata) for real-time scoring; null when the history is too short. */
  model: CustomerModel | null;
  /** Whether `model` was trained by this analysis (false: the reused model, or none). */
  retrained: boolean;
  /** Anomaly scores per expense of the history (in history order); only the recent window's when a model was reused. */
  scored: ScoredTransaction[];
  forecasts: CategoryForecast[];
  /** The month's projection per budgeted category (what the overrun findings were decided on). */
  projections: BudgetProjection[];
  drift: DriftResult;
  recurring: RecurringSeries[];
  timings: AnalysisTimings;
  counts: { transactions: number; flagged: number; flaggedRecent: number; drafts: number; forecasts: number; recurring: number };
}

/** analyzeCustomer's own minimum. */
const MIN_ANOMALY_HISTORY = 3;
/** Complete months behind the per-category forecasts and the month projection's daily pattern. */
const FORECAST_MONTHS = 24;
const PATTERN_MONTHS = 12;

const ms = (x: number) => Math.round(x * 10) / 10;

export async function analyseCustomerHistory(input: AnalyseCustomerInput): Promise<CustomerAnalysis> {
  const start = performance.now();
  const ctx = input.context;
  const history = input.history.filter((e) => e.occurredOn <= ctx.asOf);
  const ml = history.map(toMlInput);
  const recentDays = input.recentDays ?? input.rules?.recentDays ?? 3;

  // anomalies
  let model: CustomerModel | null = null;
  let scored: ScoredTransaction[] = [];
  let features = 0;
  let detectors = 0;
  let retrained = false;
  if (input.reuseModel && history.length >= MIN_ANOMALY_HISTORY) {
    const t0 = performance.now();
    model = input.reuseModel;
    scored = await scoreRecent(model, history, ml, ctx.asOf, recentDays, input.flagBudget);
    detectors = performance.now() - t0;
  } else if (history.length >= MIN_ANOMALY_HISTORY) {
    const res = await analyzeCustomer(ml, { flagBudget: input.flagBudget, seed: input.seed ?? `customer:${ctx.customerId}`, now: input.now });
    model = res.model;
    retrained = true;
    scored = res.scored;
    features = res.timings['featuresMs'] ?? 0;
    detectors = (res.timings['totalMs'] ?? 0) - features;
  }

  // forecasts and the month's projection per budgeted category
  let t = performance.now();
  const { forecasts, projections } = forecastCategories(history, input.budgets, ctx.asOf, input.forecastHorizon ?? 3);
  const forecastMs = performance.now() - t;

  t = performance.now();
  const drift = analyseDrift(ml, { asOf: ctx.asOf });
  const driftMs = performance.now() - t;

  t = performance.now();
  const recurring = detectRecurring(ml, { asOf: ctx.asOf });
  const recurringMs = performance.now() - t;

  t = performance.now();
  const drafts = buildFindings({ context: ctx, history, scored, projections, drift, recurring, rules: { ...input.rules, recentDays } });
  const findingsMs = performance.now() - t;

  const byId = new Map(history.map((e) => [e.id, e]));
  const flagged = scored.filter((s) => s.flagged);
  return {
    drafts,
    model,
    retrained,
    scored,
    forecasts,
    projections,
    drift,
    recurring,
    timings: {
      features: ms(features),
      detectors: ms(detectors),
      forecast: ms(forecastMs),
      drift: ms(driftMs),
      recurring: ms(recurringMs),
      findings: ms(findingsMs),
      total: ms(performance.now() - start),
    },
    counts: {
      transactions: history.length,
      flagged: flagged.length,
      flaggedRecent: flagged.filter((s) => {
        const e = byId.get(s.txnId);
        return !!e && withinDays(e, ctx.asOf, recentDays);
      }).length,
      drafts: drafts.length,
      forecasts: forecasts.length,
      recurring: recurring.length,
    },
  };
}

/**
 * Scores the expenses of the last `recentDays` days against a reused model (features from the whole history, as
 * in training). scoreWithModel flags every strong score above the model's floor; here, as analyzeCustomer does, no
 * expense within the model's warm-up period from the first expense is flagged, and at most
 * max(1, round(flagBudget x expenses of the month)) per calendar month, highest scores first. (Flags raised on
 * earlier nights of the month are not counted against it, as for real-time scoring.)
 */
async function scoreRecent(
  model: CustomerModel,
  history: readonly HistoryExpense[],
  ml: ReturnType<typeof toMlInput>[],
  asOf: string,
  recentDays: number,
  flagBudget: number,
): Promise<ScoredTransaction[]> {
  const recent: number[] = [];
  const before: number[] = [];
  history.forEach((e, i) => (withinDays(e, asOf, recentDays) ? recent : before).push(i));
  if (!recent.length) return [];
  const scored = await scoreWithModel(
    model,
    recent.map((i) => ml[i]),
    before.map((i) => ml[i]),
  );
  let first = Infinity;
  const perMonth = new Map<string, number>();
  for (const e of history) {
    first = Math.min(first, wallClockMinutes(e.occurredAt).minute);
    const m = monthOf(e.occurredAt);
    perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
  }
  const warmupEnd = first + (model.metadata.options.warmupDays ?? 60) * 1440;
  const candidates = new Map<string, number[]>();
  scored.forEach((s, j) => {
    if (!s.flagged) return;
    const e = history[recent[j]];
    if (wallClockMinutes(e.occurredAt).minute < warmupEnd) {
      s.flagged = false;
      return;
    }
    const m = monthOf(e.occurredAt);
    candidates.set(m, [...(candidates.get(m) ?? []), j]);
  });
  for (const [m, idx] of candidates) {
    const allowed = Math.max(1, Math.round(flagBudget * (perMonth.get(m) ?? 0)));
    idx.sort((a, b) => scored[b].score - scored[a].score);
    for (const j of idx.slice(allowed)) scored[j].flagged = false;
  }
  return scored;
}

/**
 * Per category (spent in the last 12 months, or budgeted): a forecast of the monthly totals from the complete months
 * of history, and for budgeted categories the projection of the current month from the spend so far, the customer's
 * daily pattern in that category over the last 12 complete months and the forecast of this month.
 */
export function forecastCategories(
  history: readonly HistoryExpense[],
  budgets: readonly BudgetLine[],
  asOf: string,
  horizon = 3,
): { forecasts: CategoryForecast[]; projections: BudgetProjection[] } {
  const current = monthOf(asOf);
  const first = firstFullMonth(history);
  const seriesMonths = monthsBetween(first, addMonths(current, -FORECAST_MONTHS), addMonths(current, -1));
  const patternMonths = monthsBetween(first, addMonths(current, -PATTERN_MONTHS), addMonths(current, -1));
  const recentFrom = addMonths(current, -12);

  const groups = new Map<string, { categoryId: string | null; category: string; expenses: HistoryExpense[]; active: boolean }>();
  for (const e of history) {
    const key = categoryKey(e);
    let g = groups.get(key);
    if (!g) {
      g = { categoryId: e.categoryId, category: categoryName(e), expenses: [], active: false };
      groups.set(key, g);
    }
    g.expenses.push(e);
    if (monthOf(e.occurredOn) >= recentFrom) g.active = true;
  }
  for (const b of budgets) {
    if (!groups.has(b.categoryId)) groups.set(b.categoryId, { categoryId: b.categoryId, category: b.category, expenses: [], active: true });
  }

  const forecasts: CategoryForecast[] = [];
  const byCategory = new Map<string, CategoryForecast>();
  const keys = [...groups.keys()].sort();
  for (const key of keys) {
    const g = groups.get(key) as NonNullable<ReturnType<typeof groups.get>>;
    if (!g.active || !seriesMonths.length) continue;
    const series = monthlyTotals(g.expenses, seriesMonths);
    const fc = forecastSeries(
      series.map((m) => m.total),
      { horizon, seasonPeriod: 12, level: 0.8 },
    );
    const cf: CategoryForecast = {
      categoryId: g.categoryId,
      category: g.category,
      model: fc.model,
      lowConfidence: fc.lowConfidence,
      reason: fc.reason,
      history: series,
      forecast: fc.forecast.map((p, j) => ({ month: addMonths(current, j), mean: round2(p.mean), lo: round2(p.lo), hi: round2(p.hi) })),
    };
    forecasts.push(cf);
    byCategory.set(key, cf);
  }

  const day = dayOfMonth(asOf);
  const dim = daysInMonth(current);
  const projections: BudgetProjection[] = [];
  for (const b of budgets) {
    const g = groups.get(b.categoryId);
    const expenses = g?.expenses ?? [];
    const cf = byCategory.get(b.categoryId) ?? null;
    const soFar = dailySpend(expenses, [current], { month: current, day })[0];
    const pattern = dailySpend(expenses, patternMonths);
    const p = projectMonth({ dailySpendSoFar: soFar, daysElapsed: day, daysInMonth: dim, history: pattern, forecast: cf?.forecast[0] });
    projections.push({
      categoryId: b.categoryId,
      category: b.category,
      month: current,
      budget: b.amount,
      daysElapsed: day,
      daysInMonth: dim,
      spentSoFar: p.spentSoFar,
      projected: p.projected,
      low: p.low,
      high: p.high,
      level: p.level,
      lowConfidence: p.lowConfidence || (cf?.lowConfidence ?? true),
      method: p.method,
      forecast: cf ? cf.forecast[0] : null,
      series: monthlyTotals(expenses, seriesMonths),
    });
  }
  return { forecasts, projections };
}
