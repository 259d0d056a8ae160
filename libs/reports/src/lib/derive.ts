/**
 * The analytical sheets' content from a customer's history (base currency): monthly totals per category for the
 * period, forecasts after the period with 80% intervals, drift of category shares, recurring charges and groups of
 * categories with a similar spending behaviour. Used by the server (history from the database) and the CLI (a CSV).
 */
import { analyseDrift, clusterVectors, createRng, detectRecurring, forecastSeries, type ExpenseInput, type KMeansFn } from '@spendguard/ml';
import type { CategoryForecast, CategoryGroup, DriftSummary, ForecastPoint, RecurringCharge, ReportData, ReportExpense } from './model';

export interface AnalyticsInput {
  /** The customer's expenses up to `to` (earlier ones give the forecasts and drift their history), any order. */
  history: readonly ReportExpense[];
  from: string;
  to: string;
  /** Months forecast after the period (default 3). */
  horizon?: number;
  /**
   * Whether the customer's spending may be modelled (analysis consent; default true). Without it only the
   * descriptive parts are derived: forecasts, drift, recurring charges and category groups are not computed and
   * come back empty (null, []).
   */
  analysis?: boolean;
}

export type Analytics = Pick<
  ReportData,
  'expenses' | 'months' | 'monthlyByCategory' | 'totalForecast' | 'forecasts' | 'drift' | 'recurring' | 'groups'
>;

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Months of history behind a forecast (as the nightly analysis uses). */
const FORECAST_MONTHS = 24;

export function isIsoDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** Months 'YYYY-MM' from the month of `from` to the month of `to`, inclusive. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) out.push(m);
  return out;
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function toMl(e: ReportExpense): ExpenseInput {
  return { id: e.id, occurredAt: e.occurredAt, amount: e.amountCents / 100, category: e.category, merchant: e.merchant, description: e.description };
}

export function deriveAnalytics(input: AnalyticsInput): Analytics {
  const { from, to } = input;
  const horizon = input.horizon ?? 3;
  const history = input.history.filter((e) => e.occurredOn <= to).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const expenses = history.filter((e) => e.occurredOn >= from);
  const months = monthsOf(from, to);
  const monthIdx = new Map(months.map((m, i) => [m, i]));

  const perCategory = new Map<string, number[]>();
  for (const e of expenses) {
    const row = perCategory.get(e.category) ?? new Array<number>(months.length).fill(0);
    row[monthIdx.get(e.occurredOn.slice(0, 7)) as number] += e.amountCents;
    perCategory.set(e.category, row);
  }
  const monthlyByCategory = [...perCategory]
    .map(([category, cents]) => ({ category, cents }))
    .sort((a, b) => a.category.localeCompare(b.category));

  if (input.analysis === false) {
    return { expenses, months, monthlyByCategory, totalForecast: null, forecasts: [], drift: null, recurring: [], groups: [] };
  }
  const { totalForecast, forecasts } = forecastAfter(history, to, horizon);
  const ml = history.map(toMl);
  return {
    expenses,
    months,
    monthlyByCategory,
    totalForecast,
    forecasts,
    drift: history.length ? driftOf(ml, to) : null,
    recurring: history.length ? recurringOf(ml, to) : [],
    groups: groupCategories(expenses),
  };
}

/**
 * Forecasts of the months after the period from the complete months up to its end (the month of `to` counts when
 * `to` is its last day): the total and each category active in the last 12 of those months.
 */
function forecastAfter(history: readonly ReportExpense[], to: string, horizon: number): Pick<Analytics, 'totalForecast' | 'forecasts'> {
  if (!history.length) return { totalForecast: null, forecasts: [] };
  const lastComplete = to === lastDayOfMonth(to.slice(0, 7)) ? to.slice(0, 7) : addMonths(to.slice(0, 7), -1);
  const first = history[0].occurredOn;
  const firstFull = Number(first.slice(8, 10)) > 7 ? addMonths(first.slice(0, 7), 1) : first.slice(0, 7);
  const start = [firstFull, addMonths(lastComplete, -(FORECAST_MONTHS - 1))].sort()[1];
  if (start > lastComplete) return { totalForecast: null, forecasts: [] };
  const months = monthsOf(`${start}-01`, `${lastComplete}-01`);
  const idx = new Map(months.map((m, i) => [m, i]));
  const total = new Array<number>(months.length).fill(0);
  const byCat = new Map<string, number[]>();
  for (const e of history) {
    const i = idx.get(e.occurredOn.slice(0, 7));
    if (i === undefined) continue;
    total[i] += e.amountCents;
    const row = byCat.get(e.category) ?? new Array<number>(months.length).fill(0);
    row[i] += e.amountCents;
    byCat.set(e.category, row);
  }
  const ahead = (j: number) => addMonths(lastComplete, j + 1);
  const run = (cents: number[]) => forecastSeries(cents.map((c) => c / 100), { horizon, seasonPeriod: 12, level: 0.8 });
  const points = (fc: ReturnType<typeof run>): ForecastPoint[] =>
    fc.forecast.map((p, j) => ({ month: ahead(j), mean: round2(p.mean), lo80: round2(p.lo), hi80: round2(p.hi) }));

  const totalFc = run(total);
  const recentFrom = Math.max(0, months.length - 12);
  const forecasts: CategoryForecast[] = [...byCat]
    .filter(([, cents]) => cents.slice(recentFrom).some((c) => c > 0))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, cents]) => {
      const fc = run(cents);
      return { category, model: fc.model, lowConfidence: fc.lowConfidence, points: points(fc) };
    });
  return {
    totalForecast: { history: months.map((month, i) => ({ month, cents: total[i] })), points: points(totalFc), model: totalFc.model },
    forecasts,
  };
}

function driftOf(ml: ExpenseInput[], to: string): DriftSummary {
  const d = analyseDrift(ml, { asOf: to });
  return {
    js: d.js,
    psi: d.psi,
    threshold: d.threshold,
    alarm: d.alarm,
    sufficient: d.sufficient,
    severity: d.severity,
    summary: d.summary,
    recent: d.windows.recent,
    reference: d.windows.reference,
    categories: d.categories
      .map((c) => ({ category: c.category, shareBefore: c.shareBefore, shareAfter: c.shareAfter, significant: c.significant }))
      .sort((a, b) => Math.abs(b.shareAfter - b.shareBefore) - Math.abs(a.shareAfter - a.shareBefore) || a.category.localeCompare(b.category)),
  };
}

function recurringOf(ml: ExpenseInput[], to: string): RecurringCharge[] {
  return detectRecurring(ml, { asOf: to })
    .map((r) => ({
      merchant: r.merchant,
      category: r.category,
      cadence: r.cadence,
      occurrences: r.occurrences,
      firstDate: r.firstDate,
      lastDate: r.lastDate,
      typicalAmount: round2(r.typicalAmount),
      lastAmount: round2(r.lastAmount),
      monthlyCost: round2(r.monthlyCost),
      nextExpectedDate: r.nextExpectedDate,
      status: r.status,
    }))
    .sort((a, b) => b.monthlyCost - a.monthlyCost || a.merchant.localeCompare(b.merchant));
}

/**
 * Categories grouped by how the customer spends in them (k-means, k by silhouette, libs/ml): the log of the typical
 * amount, purchases per month, the weekend and evening shares and how the spend is spread over the period's months.
 * Features are standardised so that each counts alike.
 */
export function groupCategories(all: readonly ReportExpense[]): CategoryGroup[] {
  const expenses = all.filter((e) => e.amountCents > 0);
  if (!expenses.length) return [];
  const byCat = new Map<string, ReportExpense[]>();
  for (const e of expenses) byCat.set(e.category, [...(byCat.get(e.category) ?? []), e]);
  const names = [...byCat.keys()].sort((a, b) => a.localeCompare(b));
  if (names.length < 3) return [];
  const months = monthsOf(expenses.reduce((m, e) => (e.occurredOn < m ? e.occurredOn : m), expenses[0].occurredOn), expenses.reduce((m, e) => (e.occurredOn > m ? e.occurredOn : m), expenses[0].occurredOn));
  const features = names.map((name) => {
    const list = byCat.get(name) as ReportExpense[];
    const amounts = list.map((e) => e.amountCents / 100).sort((a, b) => a - b);
    const median = amounts[Math.floor(amounts.length / 2)];
    const weekend = list.filter((e) => [0, 6].includes(new Date(`${e.occurredOn}T00:00:00Z`).getUTCDay())).length / list.length;
    const evening = list.filter((e) => Number(e.occurredAt.slice(11, 13)) >= 18).length / list.length;
    const activeMonths = new Set(list.map((e) => e.occurredOn.slice(0, 7))).size / months.length;
    return [Math.log1p(median), Math.log1p(list.length / months.length), weekend, evening, activeMonths];
  });
  const dims = features[0].length;
  for (let d = 0; d < dims; d++) {
    const col = features.map((f) => f[d]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length) || 1;
    for (const f of features) f[d] = (f[d] - mean) / sd;
  }
  const clustering = clusterVectors(features, { kMin: 2, kMax: Math.min(6, names.length - 1), seed: 7, kmeans: smallKMeans });
  const spent = (name: string) => (byCat.get(name) as ReportExpense[]).reduce((a, e) => a + e.amountCents, 0);
  return clustering.clusters
    .map((c) => ({
      label: names[c.medoid],
      cohesion: Math.round(c.cohesion * 1000) / 1000,
      members: c.members
        .map((i) => ({ category: names[i], spentCents: spent(names[i]), outlier: c.outliers.includes(i) }))
        .sort((a, b) => b.spentCents - a.spentCents),
    }))
    .sort((a, b) => b.members.reduce((s, m) => s + m.spentCents, 0) - a.members.reduce((s, m) => s + m.spentCents, 0))
    .map((g, i) => ({ group: i + 1, ...g }));
}

/**
 * k-means++ with Lloyd iterations for the few dozen points of a customer's categories. ml-kmeans is ESM-only and
 * cannot be loaded inside jest's CommonJS sandbox, where the server's tests build reports; at this size a plain
 * implementation is as good and deterministic for a seed.
 */
export const smallKMeans: KMeansFn = (data, k, seed) => {
  const rng = createRng(seed);
  const dist2 = (a: number[], b: number[]) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);
  const centroids: number[][] = [data[Math.floor(rng.next() * data.length)].slice()];
  while (centroids.length < k) {
    const d = data.map((p) => Math.min(...centroids.map((c) => dist2(p, c))));
    const total = d.reduce((a, b) => a + b, 0);
    let pick = rng.next() * total;
    let i = 0;
    while (i < data.length - 1 && pick >= d[i]) pick -= d[i++];
    centroids.push(data[total > 0 ? i : centroids.length % data.length].slice());
  }
  let clusters = new Array<number>(data.length).fill(-1);
  for (let iter = 0; iter < 100; iter++) {
    const next = data.map((p) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (dist2(p, centroids[c]) < dist2(p, centroids[best])) best = c;
      return best;
    });
    const moved = next.some((c, i) => c !== clusters[i]);
    clusters = next;
    for (let c = 0; c < k; c++) {
      const members = data.filter((_, i) => clusters[i] === c);
      if (members.length) centroids[c] = members[0].map((_, dim) => members.reduce((s, m) => s + m[dim], 0) / members.length);
    }
    if (!moved) break;
  }
  return { clusters, centroids };
};
