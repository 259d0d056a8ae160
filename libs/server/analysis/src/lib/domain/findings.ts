/**
 * The findings builder: turns the ML results for one customer into finding drafts for people to review.
 * Pure and deterministic (no clock, no I/O); every decision is made from its input.
 *
 * Queue score and severity are comparable across types (see scoring.ts): the severity picks a band, the strength
 * of the evidence the place inside it. Fingerprints name the subject of a finding (a rerun finds the same one);
 * patterns name what a dismissal as "expected" teaches (the engine skips drafts whose pattern was marked so).
 */
import type { FindingSeverity } from '@spendguard/contracts';
import { assessBudget, type CategoryShift, type DriftResult, type ForecastPoint, type RecurringSeries, type ScoredTransaction } from '@spendguard/ml';
import { addMonths, dayIndex, monthOf } from './calendar';
import type { FindingContext, FindingDraft, HistoryExpense } from './findings.types';
import { formatterFor, truncate, type Formatter } from './format';
import {
  categoryKey,
  categoryName,
  firstFullMonth,
  median,
  merchantName,
  merchantSlug,
  monthlyTotals,
  monthsBetween,
  round2,
  withinDays,
  type MonthTotal,
} from './history';
import { clamp01, findingScore } from './scoring';

/** Rules of the builder; every field has a documented default (DEFAULT_FINDING_RULES). */
export interface FindingRules {
  /** Anomaly drafts only for expenses of the last N days up to asOf (default 3: older ones were judged by earlier runs). */
  recentDays: number;
  /** Anomaly severity: high from this ensemble score (default 0.97), medium from `mediumScore` (default 0.93). */
  highScore: number;
  mediumScore: number;
  /** ... or from these shares of the customer's typical monthly spend (default 0.25 high, 0.10 medium). */
  highMonthShare: number;
  mediumMonthShare: number;
  /** Budget overrun: the probability that alerts (default 0.8, as assessBudget). */
  overrunProbability: number;
  /** Price rises of at least this relative change (default 0.05) ... */
  minPriceRise: number;
  /** ... that took effect within this many days before asOf (default 45). */
  priceRiseLookbackDays: number;
  /** A recurring change is medium from this share of the typical monthly spend (monthly cost of a new charge, default 0.1). */
  recurringMediumShare: number;
  /** Months of category history in anomaly evidence (default 24) and charges of merchant history (default 10). */
  historyMonths: number;
  merchantHistory: number;
}

export const DEFAULT_FINDING_RULES: FindingRules = {
  recentDays: 3,
  highScore: 0.97,
  mediumScore: 0.93,
  highMonthShare: 0.25,
  mediumMonthShare: 0.1,
  overrunProbability: 0.8,
  minPriceRise: 0.05,
  priceRiseLookbackDays: 45,
  recurringMediumShare: 0.1,
  historyMonths: 24,
  merchantHistory: 10,
};

/** The current-month projection of one budgeted category (from projectMonth and the category's forecast). */
export interface BudgetProjection {
  categoryId: string;
  category: string;
  /** 'YYYY-MM' being assessed (the month of asOf). */
  month: string;
  budget: number;
  daysElapsed: number;
  daysInMonth: number;
  spentSoFar: number;
  projected: number;
  low: number;
  high: number;
  /** Coverage of [low, high] (default 0.8). */
  level?: number;
  lowConfidence?: boolean;
  method?: string;
  /** The category's forecast for the month (forecastSeries), when there was one. */
  forecast?: ForecastPoint | null;
  /** Monthly history of the category's spend. */
  series: MonthTotal[];
}

export interface BuildFindingsInput {
  context: FindingContext;
  /** The customer's history (any order), amounts in the tenant's currency. */
  history: readonly HistoryExpense[];
  /** Anomaly scores per expense (analyzeCustomer().scored). */
  scored: readonly ScoredTransaction[];
  projections?: readonly BudgetProjection[];
  drift?: DriftResult | null;
  recurring?: readonly RecurringSeries[];
  rules?: Partial<FindingRules>;
}

/** What an anomaly is mainly about (the pattern's last part). */
export type AnomalyKind = 'amount' | 'new_merchant' | 'duplicate' | 'odd_time' | 'category';

interface Shared {
  ctx: FindingContext;
  fmt: Formatter;
  rules: FindingRules;
  history: readonly HistoryExpense[];
  byId: Map<string, HistoryExpense>;
  /** Median monthly spend over the last 12 complete months (0 when unknown). */
  typicalMonth: number;
  categoryIdByName: Map<string, string>;
  /** Merchant keys by expense id (computed once). */
  slugs: Map<string, string>;
}

/** Turns the ML results for one customer into finding drafts, ordered by score (highest first), fingerprints unique. */
export function buildFindings(input: BuildFindingsInput): FindingDraft[] {
  const rules = { ...DEFAULT_FINDING_RULES, ...input.rules };
  const ctx = input.context;
  const history = input.history.filter((e) => e.occurredOn <= ctx.asOf);
  const s: Shared = {
    ctx,
    fmt: formatterFor(ctx.tenantLocale, ctx.tenantCurrency, ctx.asOf),
    rules,
    history,
    byId: new Map(history.map((e) => [e.id, e])),
    typicalMonth: typicalMonthlySpend(history, ctx.asOf),
    categoryIdByName: categoryIds(history),
    slugs: new Map(),
  };
  const drafts: FindingDraft[] = [
    ...anomalyFindings(s, input.scored),
    ...(input.projections ?? []).flatMap((p) => overrunFinding(s, p) ?? []),
    ...(input.drift ? [driftFinding(s, input.drift)].filter((d): d is FindingDraft => d !== null) : []),
    ...(input.recurring ?? []).flatMap((r) => recurringFindings(s, r)),
  ];
  // one draft per fingerprint (the strongest), then by score
  const best = new Map<string, FindingDraft>();
  for (const d of drafts) {
    const prev = best.get(d.fingerprint);
    if (!prev || d.score > prev.score) best.set(d.fingerprint, d);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Shared facts about the customer

/** Median monthly spend over the last 12 complete months before asOf's month (all spend so far when none is complete). */
export function typicalMonthlySpend(history: readonly HistoryExpense[], asOf: string): number {
  const current = monthOf(asOf);
  const months = monthsBetween(firstFullMonth(history), addMonths(current, -12), addMonths(current, -1));
  if (!months.length) return round2(history.reduce((a, e) => a + e.amount, 0));
  return median(monthlyTotals(history, months).map((m) => m.total));
}

function categoryIds(history: readonly HistoryExpense[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of history) if (e.categoryId && !out.has(categoryName(e))) out.set(categoryName(e), e.categoryId);
  return out;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
}

/** The key of a category known only by name (drift, recurring): its id when the history knows it. */
function categoryRef(s: Shared, name: string): string {
  return s.categoryIdByName.get(name) ?? `name-${slug(name)}`;
}

function expenseEvidence(e: HistoryExpense) {
  return {
    id: e.id,
    occurredAt: e.occurredAt,
    occurredOn: e.occurredOn,
    amount: round2(e.amount),
    originalAmount: e.originalAmount,
    currency: e.currency,
    category: e.category,
    categoryId: e.categoryId,
    merchant: e.merchant,
    description: e.description,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Anomalies

interface ReasonInfo {
  kind: AnomalyKind | 'month_share' | 'other';
  /** Strong evidence of its kind (a first, non-habitual duplicate) rather than a side remark. */
  strong: boolean;
  sentence: (e: HistoryExpense, s: Shared) => string | null;
}

const pretty = (n: string) => n.replace(/\.0$/, '');

/** The ML library's plain-word reasons, read back into their kind and a customer sentence. */
export function readReason(reason: string): ReasonInfo {
  let m: RegExpExecArray | null;
  if ((m = /^([\d.]+) x your usual (.+) spend$/.exec(reason))) {
    const [, r, cat] = m;
    return { kind: 'amount', strong: true, sentence: () => `That's about ${pretty(r)} times what you usually spend on a ${cat} purchase.` };
  }
  if ((m = /^([\d.]+) x your usual spend at this merchant$/.exec(reason))) {
    const r = m[1];
    return { kind: 'amount', strong: true, sentence: () => `That's about ${pretty(r)} times what you usually spend there.` };
  }
  if (reason === 'first purchase at this merchant') {
    return { kind: 'new_merchant', strong: true, sentence: (e) => `It's your first payment to ${merchantName(e)}.` };
  }
  if ((m = /^([\d.]+) x what you usually spend at a new (.+) merchant$/.exec(reason))) {
    const [, r, cat] = m;
    return { kind: 'new_merchant', strong: true, sentence: () => `That's about ${pretty(r)} times what you usually spend the first time you try a new ${cat} place.` };
  }
  if ((m = /^first purchase in (.+)$/.exec(reason))) {
    const cat = m[1];
    return { kind: 'category', strong: true, sentence: () => `It's the first time we've seen you spend on ${cat}.` };
  }
  if ((m = /^rare category for you: (.+)$/.exec(reason))) {
    const cat = m[1];
    return { kind: 'category', strong: true, sentence: () => `You don't often spend on ${cat}.` };
  }
  if ((m = /^(second identical charge|identical charge) within (.+)$/.exec(reason))) {
    const [, what, gap] = m;
    return { kind: 'duplicate', strong: what.startsWith('second'), sentence: () => `It came within ${gap} of an identical charge at the same place.` };
  }
  if (reason === 'unusual hour for you') {
    return {
      kind: 'odd_time',
      strong: false,
      sentence: (e, s) => {
        const t = s.fmt.time(e.occurredAt);
        return t ? `It was made at ${t}, a time of day you don't usually make payments.` : `It was made at a time of day you don't usually make payments.`;
      },
    };
  }
  if ((m = /^(\d+)% of a typical month's spending$/.exec(reason))) {
    const pct = m[1];
    return { kind: 'month_share', strong: false, sentence: () => `On its own, that's about ${pct}% of what you usually spend in a month.` };
  }
  // unknown wording: kept in the evidence, left out of the customer's text
  return { kind: 'other', strong: false, sentence: () => null };
}

/** The main kind of an anomaly from its reasons: a non-habitual duplicate, a new category, a new merchant, the amount, the time. */
export function anomalyKind(reasons: readonly string[]): AnomalyKind {
  const infos = reasons.map(readReason);
  const has = (k: ReasonInfo['kind'], strongOnly = false) => infos.some((i) => i.kind === k && (!strongOnly || i.strong));
  if (has('duplicate', true)) return 'duplicate';
  if (has('category')) return 'category';
  if (has('new_merchant')) return 'new_merchant';
  if (has('amount') || has('month_share')) return 'amount';
  if (has('duplicate')) return 'duplicate';
  if (has('odd_time')) return 'odd_time';
  return 'amount';
}

/** Severity of an anomaly: from the ensemble score, raised by the amount's share of a typical month. */
export function anomalySeverity(score: number, monthShare: number, rules: FindingRules = DEFAULT_FINDING_RULES): FindingSeverity {
  if (score >= rules.highScore || monthShare >= rules.highMonthShare) return 'high';
  if (score >= rules.mediumScore || monthShare >= rules.mediumMonthShare) return 'medium';
  return 'low';
}

function anomalyTitle(kind: AnomalyKind, e: HistoryExpense, s: Shared): string {
  const amount = s.fmt.money(e.amount);
  const make = (lead: (m: string) => string) => {
    const room = 80 - lead('').length;
    return lead(truncate(merchantName(e), Math.max(12, room)));
  };
  switch (kind) {
    case 'duplicate':
      return make((m) => `Possible double charge at ${m}: ${amount}`);
    case 'new_merchant':
      return make((m) => `First payment to ${m}: ${amount}`);
    case 'category':
      return make((m) => `Unusual ${truncate(categoryName(e), 24)} payment at ${m}: ${amount}`);
    case 'odd_time':
      return make((m) => `Payment at an unusual time at ${m}: ${amount}`);
    default:
      return make((m) => `Larger payment than usual at ${m}: ${amount}`);
  }
}

function paymentText(e: HistoryExpense, s: Shared): string {
  const base = s.fmt.money(e.amount);
  const original = Number(e.originalAmount);
  if (e.currency && e.currency !== s.ctx.tenantCurrency && Number.isFinite(original)) return `${base} (${s.fmt.moneyIn(original, e.currency)})`;
  return base;
}

function anomalyFindings(s: Shared, scored: readonly ScoredTransaction[]): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const sc of scored) {
    if (!sc.flagged) continue;
    const e = s.byId.get(sc.txnId);
    if (!e || !withinDays(e, s.ctx.asOf, s.rules.recentDays)) continue;
    const kind = anomalyKind(sc.reasons);
    const monthShare = s.typicalMonth > 0 ? e.amount / s.typicalMonth : 0;
    const severity = anomalySeverity(sc.score, monthShare, s.rules);
    const strength = 0.5 * clamp01((sc.score - 0.9) / 0.1) + 0.5 * clamp01(monthShare / (2 * s.rules.highMonthShare));
    const merchant = merchantName(e);
    const sentences = [`We noticed a payment of ${paymentText(e, s)} at ${merchant} on ${s.fmt.date(e.occurredOn)}.`];
    const seen = new Set<string>();
    for (const r of sc.reasons) {
      const text = readReason(r).sentence(e, s);
      if (text && !seen.has(text)) {
        seen.add(text);
        sentences.push(text);
      }
    }
    sentences.push(
      kind === 'duplicate'
        ? `If you meant to pay twice, there's nothing to do. If not, it may be worth asking ${merchant} about a refund.`
        : `If you recognise this, there's nothing to do.`,
    );
    const mkey = slugOf(s, e);
    out.push({
      type: 'anomaly',
      severity,
      score: findingScore(severity, strength),
      title: anomalyTitle(kind, e, s),
      message: sentences.join(' '),
      fingerprint: `anomaly:expense:${e.id}`,
      pattern: `anomaly:merchant:${mkey}:${kind}`,
      subject: { merchant: e.merchant ?? merchant, categoryId: e.categoryId, category: e.category, expenseIds: [e.id] },
      evidence: {
        expense: expenseEvidence(e),
        kind,
        reasons: [...sc.reasons],
        detectors: { ...sc.detectors },
        score: sc.score,
        typicalMonthlySpend: round2(s.typicalMonth),
        shareOfTypicalMonth: Math.round(monthShare * 1e4) / 1e4,
        categoryHistory: categoryHistory(s, e),
        merchantHistory: merchantHistory(s, e, mkey),
        recentDays: s.rules.recentDays,
      },
    });
  }
  return out;
}

/** The customer's monthly spend in the expense's category, up to `historyMonths` months ending with asOf's month. */
function categoryHistory(s: Shared, e: HistoryExpense): MonthTotal[] {
  const current = monthOf(s.ctx.asOf);
  const first = s.history.reduce((m, x) => (x.occurredOn < m ? x.occurredOn : m), s.ctx.asOf);
  const months = monthsBetween(monthOf(first), addMonths(current, -(s.rules.historyMonths - 1)), current);
  const key = categoryKey(e);
  return monthlyTotals(
    s.history.filter((x) => categoryKey(x) === key),
    months,
  );
}

function slugOf(s: Shared, e: HistoryExpense): string {
  let k = s.slugs.get(e.id);
  if (k === undefined) {
    k = merchantSlug(e);
    s.slugs.set(e.id, k);
  }
  return k;
}

/** The latest charges at the same merchant (this one included), newest first. */
function merchantHistory(s: Shared, e: HistoryExpense, key: string) {
  return s.history
    .filter((x) => x.occurredAt <= e.occurredAt && slugOf(s, x) === key)
    .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0))
    .slice(0, s.rules.merchantHistory)
    .map((x) => ({ id: x.id, occurredAt: x.occurredAt, amount: round2(x.amount), category: x.category }));
}

// ---------------------------------------------------------------------------------------------------------------
// Budget overrun

function overrunFinding(s: Shared, p: BudgetProjection): FindingDraft | null {
  if (!(p.budget > 0)) return null;
  const level = p.level ?? 0.8;
  const a = assessBudget({ mean: p.projected, lo: p.low, hi: p.high, level, floor: p.spentSoFar }, p.budget, s.rules.overrunProbability);
  if (!a.alert) return null;
  const severity: FindingSeverity = a.severity === 'none' ? 'low' : a.severity;
  const strength = 0.5 * a.probability + 0.5 * clamp01((p.projected / p.budget - 1) / 0.5);
  const f = s.fmt;
  const month = f.month(p.month);
  const over = p.spentSoFar > p.budget;
  const daysLeft = Math.max(0, p.daysInMonth - p.daysElapsed);
  const range = `(most likely between ${f.money(p.low)} and ${f.money(p.high)})`;
  const sentences = over
    ? [
        `So far in ${month} you've spent ${f.money(p.spentSoFar)} on ${p.category}, ${f.money(p.spentSoFar - p.budget)} more than your budget of ${f.money(p.budget)} for the month.`,
        daysLeft > 0 ? `With ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} to go, we expect about ${f.money(p.projected)} by the end of the month ${range}.` : null,
      ]
    : [
        `So far in ${month} you've spent ${f.money(p.spentSoFar)} on ${p.category}, against a budget of ${f.money(p.budget)} for the month.`,
        `Based on how you usually spend, we expect about ${f.money(p.projected)} by the end of the month ${range}.`,
        daysLeft > 0 ? `To stay within budget, there's ${f.money(p.budget - p.spentSoFar)} left for the remaining ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}.` : null,
      ];
  sentences.push(`This is just a heads-up: if you planned for the extra spending, there's nothing to do.`);
  const cat = truncate(p.category, 40);
  return {
    type: 'forecast_overrun',
    severity,
    score: findingScore(severity, strength),
    title: over ? `${cat} spending is over budget for ${month}` : `${cat} spending is likely to go over budget in ${month}`,
    message: sentences.filter((x): x is string => !!x).join(' '),
    fingerprint: `forecast_overrun:${p.categoryId}:${p.month}`,
    pattern: `forecast_overrun:${p.categoryId}`,
    subject: { categoryId: p.categoryId, category: p.category },
    evidence: {
      month: p.month,
      budget: round2(p.budget),
      spentSoFar: round2(p.spentSoFar),
      projected: round2(p.projected),
      low: round2(p.low),
      high: round2(p.high),
      level,
      probability: Math.round(a.probability * 1e4) / 1e4,
      assessment: a.reason,
      daysElapsed: p.daysElapsed,
      daysInMonth: p.daysInMonth,
      method: p.method ?? null,
      lowConfidence: p.lowConfidence ?? false,
      series: p.series,
      forecast: p.forecast ? { mean: round2(p.forecast.mean), lo: round2(p.forecast.lo), hi: round2(p.forecast.hi) } : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Drift

function windowDays(w: [string, string]): number {
  return dayIndex(w[1]) - dayIndex(w[0]) + 1;
}

function driftLine(c: CategoryShift, days: number, f: Formatter): string {
  const shares = (dir: string) => `${f.percent(c.shareAfter)} of your spending, ${dir} from ${f.percent(c.shareBefore)}`;
  switch (c.direction) {
    case 'new':
      return `${c.category}: ${f.money(c.spendAfter)}, something you didn't spend on before.`;
    case 'stopped':
      return `${c.category}: nothing in the last ${days} days, compared with about ${f.money(c.typical30)} usually.`;
    case 'down':
      return `${c.category}: ${f.money(c.spendAfter)}, compared with about ${f.money(c.typical30)} usually (${shares('down')}).`;
    default:
      return `${c.category}: ${f.money(c.spendAfter)}, compared with about ${f.money(c.typical30)} usually (${shares('up')}).`;
  }
}

/** How far a moved category is outside the customer's usual range (0 = at the edge, 1 = far outside). */
function shiftStrength(c: CategoryShift): number {
  const [lo, hi] = c.usualRange;
  if (c.direction === 'new') return 1;
  if (c.spendAfter > hi) return hi > 0 ? clamp01((c.spendAfter / hi - 1) / 2) : 1;
  if (c.spendAfter < lo) return lo > 0 ? clamp01(1 - c.spendAfter / lo) : 0;
  return clamp01(Math.abs(c.delta) * 2);
}

function driftFinding(s: Shared, d: DriftResult): FindingDraft | null {
  if (!d.alarm) return null;
  const moved = (d.categories.some((c) => c.significant) ? d.categories.filter((c) => c.significant) : d.categories).slice(0, 3);
  if (!moved.length) return null;
  const f = s.fmt;
  const days = windowDays(d.windows.recent);
  const top = moved[0];
  const severity: FindingSeverity = d.severity === 'none' ? 'low' : d.severity;
  const strength = Math.max(d.threshold > 0 ? clamp01(d.js / d.threshold - 1) : 0, ...moved.map(shiftStrength));
  const names = moved.map((c) => c.category);
  let title: string;
  if (moved.length > 1) title = `Changes in your spending on ${f.list(names.map((n) => truncate(n, 20)))}`;
  else if (top.direction === 'new') title = `New spending on ${truncate(top.category, 50)}`;
  else if (top.direction === 'stopped') title = `No spending on ${truncate(top.category, 50)} lately`;
  else if (top.direction === 'down') title = `Less spending on ${truncate(top.category, 50)} than usual`;
  else title = `More spending on ${truncate(top.category, 50)} than usual`;
  const message = [
    `We noticed a change in how you've been spending over the last ${days} days (${f.date(d.windows.recent[0])} to ${f.date(d.windows.recent[1])}).`,
    ...moved.map((c) => driftLine(c, days, f)),
    `This is just for your information: if the change is expected, there's nothing to do.`,
  ].join(' ');
  return {
    type: 'drift',
    severity,
    score: findingScore(severity, strength),
    title: truncate(title, 80),
    message,
    fingerprint: `drift:${monthOf(s.ctx.asOf)}`,
    pattern: `drift:${categoryRef(s, top.category)}`,
    subject: { categoryId: s.categoryIdByName.get(top.category) ?? null, category: top.category },
    evidence: {
      // the drift result as the analysis gave it (js, psi, ks, threshold, windows, summary and any diagnostics)
      ...d,
      // the whole breakdown (including whatever the drift analysis adds), amounts rounded
      categories: d.categories.map((c) => ({
        ...c,
        categoryId: s.categoryIdByName.get(c.category) ?? null,
        ratio: Number.isFinite(c.ratio) ? c.ratio : null,
        spendAfter: round2(c.spendAfter),
        spendBeforeScaled: round2(c.spendBeforeScaled),
        typical30: round2(c.typical30),
        usualRange: [round2(c.usualRange[0]), round2(c.usualRange[1])],
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Recurring charges

const CADENCE_TEXT: Record<RecurringSeries['cadence'], { every: string; perYear: number }> = {
  weekly: { every: 'a week', perYear: 52 },
  biweekly: { every: 'every two weeks', perYear: 26 },
  monthly: { every: 'a month', perYear: 12 },
  yearly: { every: 'a year', perYear: 1 },
};

function cents(amount: number): number {
  return Math.round(amount * 100);
}

function recurringEvidence(s: Shared, r: RecurringSeries) {
  return {
    merchant: r.merchant,
    merchantKey: r.key,
    category: r.category,
    cadence: r.cadence,
    occurrences: r.occurrences,
    firstDate: r.firstDate,
    lastDate: r.lastDate,
    typicalAmount: round2(r.typicalAmount),
    lastAmount: round2(r.lastAmount),
    nextExpectedDate: r.nextExpectedDate,
    nextExpectedAmount: round2(r.nextExpectedAmount),
    monthlyCost: round2(r.monthlyCost),
    regularity: r.regularity,
    status: r.status,
    priceChanges: r.priceChanges,
    charges: r.transactionIds.map((id) => {
      const e = s.byId.get(id);
      return e ? { id, occurredOn: e.occurredOn, amount: round2(e.amount) } : { id };
    }),
  };
}

function recurringFindings(s: Shared, r: RecurringSeries): FindingDraft[] {
  const out: FindingDraft[] = [];
  const f = s.fmt;
  const key = r.key.replace(/\s+/g, '-') || 'unknown';
  const categoryId = r.transactionIds.map((id) => s.byId.get(id)?.categoryId).find((x) => !!x) ?? s.categoryIdByName.get(r.category) ?? null;
  const subject = { merchant: r.merchant, categoryId, category: r.category, expenseIds: [...r.transactionIds] };
  const cadence = CADENCE_TEXT[r.cadence];
  const merchant = r.merchant;
  const monthShare = s.typicalMonth > 0 ? r.monthlyCost / s.typicalMonth : 0;
  const next = `The next one is expected around ${f.date(r.nextExpectedDate)}.`;

  if (r.status === 'new') {
    const severity: FindingSeverity = monthShare >= s.rules.recurringMediumShare ? 'medium' : 'low';
    const perMonth = r.cadence === 'weekly' || r.cadence === 'biweekly' ? ` That's about ${f.money(r.monthlyCost)} a month.` : '';
    const amount = `${f.money(r.nextExpectedAmount)} ${cadence.every}`;
    out.push({
      type: 'recurring_change',
      severity,
      score: findingScore(severity, clamp01(monthShare / (2 * s.rules.recurringMediumShare))),
      title: `New regular payment to ${truncate(merchant, 80 - `New regular payment to : ${amount}`.length)}: ${amount}`,
      message:
        `We noticed a new regular payment to ${merchant}: ${amount} since ${f.date(r.firstDate)} (${r.occurrences} payments so far).${perMonth} ${next} ` +
        `If you signed up for this, there's nothing to do.`,
      fingerprint: `recurring_change:${key}:new`,
      pattern: `recurring_change:${key}:new`,
      subject,
      evidence: { change: 'new', ...recurringEvidence(s, r) },
    });
  }

  const last = r.priceChanges[r.priceChanges.length - 1];
  const recent = last && dayIndex(s.ctx.asOf) - dayIndex(last.date) <= s.rules.priceRiseLookbackDays && last.date <= s.ctx.asOf;
  if (r.status !== 'stopped' && last && recent && last.change >= s.rules.minPriceRise && last.from > 0) {
    const extraYear = (last.to - last.from) * cadence.perYear;
    const severity: FindingSeverity = last.change >= 0.2 || (s.typicalMonth > 0 && extraYear / 12 / s.typicalMonth >= s.rules.recurringMediumShare / 2) ? 'medium' : 'low';
    const to = f.money(last.to);
    out.push({
      type: 'recurring_change',
      severity,
      score: findingScore(severity, clamp01(last.change / 0.5)),
      title: `${truncate(merchant, 80 - ` price went up to ${to}`.length)} price went up to ${to}`,
      message:
        `The price of your regular payment to ${merchant} went up from ${f.money(last.from)} to ${to} (${f.percent(last.change)} more) on ${f.date(last.date)}. ` +
        `At this price it costs about ${f.money(extraYear)} more a year. ` +
        `The next payment of ${f.money(r.nextExpectedAmount)} is expected around ${f.date(r.nextExpectedDate)}. ` +
        `If you expected the change, there's nothing to do.`,
      fingerprint: `recurring_change:${key}:price:${cents(last.to)}`,
      pattern: `recurring_change:${key}:price_rise`,
      subject,
      evidence: { change: 'price_rise', from: round2(last.from), to: round2(last.to), relativeChange: last.change, changedOn: last.date, extraPerYear: round2(extraYear), ...recurringEvidence(s, r) },
    });
  }
  return out;
}
