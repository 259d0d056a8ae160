/**
 * Spending-habit drift for one customer: category spend shares in a recent window (30 days) against a
 * reference window (the prior 180 days, or the same season a year earlier when history allows),
 * Jensen-Shannon (base 2) and PSI on the shares, two-sample KS on amounts. The alarm threshold is
 * calibrated per customer from how much the customer's own 30-day windows wander inside the reference
 * period, so ordinary seasonality and subscription churn do not alarm. Per category: spend above the
 * customer's own 30-day windows, a robust z of log spend against those windows (seasonal centre), a
 * merchant-matched robust test on log amounts (less last year's seasonal lift), and price jumps of
 * regular charges; thresholds calibrated on synthetic seeds 1-3 (see libs/ml/cli/eval-drift.ts).
 */
import { categoryOf, DAY_MS, dayNumber, type ExpenseInput } from '../common/transactions';
import { quantile } from '../common/stats';
import { jensenShannon, ksTwoSample, psi } from './stats';
import { logLevelZ, matchedLogShift, seasonalLogLift } from './category-tests';

export interface DriftOptions {
  /** Evaluation date (default: the latest transaction). */
  asOf?: string | Date;
  recentDays?: number;
  referenceDays?: number;
  /** Use the same season a year earlier as reference when history allows (default true). */
  seasonalReference?: boolean;
  /**
   * Whole-mix alarm without a significant category needs the JS distance above this floor (default 0.5)
   * and above the customer's own window-to-window JS quantile times the margin. Spend-share JS of 30-day
   * windows is noisy (median 0.21, 90th percentile 0.58 for normal synthetic customers), so the
   * per-category tests carry most detections.
   */
  jsFloor?: number;
  /** Quantile of the customer's own window-to-window JS distances that the recent JS must exceed (default 0.9). */
  nullQuantile?: number;
  /** Multiplier on that quantile (default 1.5). */
  nullMargin?: number;
  /** Smallest share change that names a category as moved (default 0.05). */
  minShareDelta?: number;
  /** Also alarm on the whole-mix JS distance alone (default false: it doubled the false alarms in calibration). */
  mixAlarm?: boolean;
  /** A category's recent spend must exceed this quantile of its own 30-day windows in the history (default 1 = the maximum). */
  categoryQuantile?: number;
  /** ... times this margin (default 1.1). */
  categoryMargin?: number;
  /** and move by at least this share of the customer's typical 30-day spend (default 0.05). */
  minMaterial?: number;
  /** History (days before the recent window) used for the per-category variability (default 540). */
  historyDays?: number;
  /** Fewer recent or reference transactions than this: no verdict (default 5 / 20). */
  minRecent?: number;
  minReference?: number;
  /**
   * Robust log-amount test (three or more recent purchases, each against the same merchant's earlier
   * amounts, less the seasonal lift seen a year earlier): z must reach this (default 2.5), with a ratio of
   * at least 1.3 and an excess (spend minus the same purchases at usual prices) of at least 0.75 times
   * `minMaterial` of the typical 30-day spend. Calibrated on synthetic seeds 1-3 only.
   */
  amountZ?: number;
  /**
   * Robust z of log spend (the largest recent purchase replaced by a typical one) against the customer's
   * own 30-day windows, centred on the same season a year earlier when history allows (default 4;
   * regular categories only). Catches twice as many purchases at the usual amounts.
   */
  levelZ?: number;
  /** Margin over the maximum for irregular categories (travel, gifts; default 1.5). */
  irregularMargin?: number;
  /** A merchant needs this many earlier charges at regular amounts for the price-jump test (default 6). */
  minMerchantCharges?: number;
}

export interface CategoryShift {
  category: string;
  shareBefore: number;
  shareAfter: number;
  /** shareAfter - shareBefore. */
  delta: number;
  /** Spend in the recent window and the reference spend scaled to the recent window's length. */
  spendAfter: number;
  spendBeforeScaled: number;
  /** spendAfter / spendBeforeScaled (Infinity for a new category). */
  ratio: number;
  direction: 'new' | 'up' | 'down' | 'stopped';
  /** Typical (median) 30-day spend and the range of the customer's own 30-day windows before. */
  typical30: number;
  usualRange: [number, number];
  /** Outside the customer's own range by a material amount. */
  significant: boolean;
  /** Which tests found the move: 'level' (spend above own windows), 'amounts' (higher amounts), 'price' (a regular charge jumped), 'down'. */
  reasons: ('level' | 'amounts' | 'price' | 'down')[];
  /** Robust z of the recent amounts (log scale) and their ratio to usual, and robust z of the log spend. */
  amountZ: number;
  amountRatio: number;
  levelZ: number;
  /** Usual 30-day spend for this time of year (median of the same-season windows a year earlier when history allows). */
  expected30: number;
  /** Number of purchases in the recent window. */
  recentCount: number;
}

export interface DriftResult {
  js: number;
  jsDivergence: number;
  psi: number;
  ks: { statistic: number; pValue: number } | null;
  /** Per-customer threshold the JS distance was compared with. */
  threshold: number;
  /** JS distances of the customer's own 30-day windows inside the reference period. */
  nullJs: number[];
  categories: CategoryShift[];
  severity: 'none' | 'low' | 'medium' | 'high';
  alarm: boolean;
  /** false when there is too little data for a verdict. */
  sufficient: boolean;
  /** Median total 30-day spend of the customer's own windows (materiality is judged against it). */
  typicalSpend30: number;
  windows: { recent: [string, string]; reference: [string, string]; seasonal: boolean };
  summary: string;
}

interface Dated {
  day: number;
  amount: number;
  category: string;
  merchant: string;
}

function toDated(txns: readonly ExpenseInput[]): Dated[] {
  return txns.filter((t) => t.amount > 0).map((t) => ({ day: dayNumber(t.occurredAt), amount: t.amount, category: categoryOf(t), merchant: (t.merchant ?? t.description ?? '').trim().toLowerCase() }));
}

function shares(items: Dated[], cats: string[]): Float64Array {
  const idx = new Map(cats.map((c, i) => [c, i]));
  const out = new Float64Array(cats.length);
  let tot = 0;
  for (const t of items) {
    out[idx.get(t.category) as number] += t.amount;
    tot += t.amount;
  }
  if (tot > 0) for (let i = 0; i < out.length; i++) out[i] /= tot;
  return out;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface DriftWindows {
  recent: [number, number];
  reference: [number, number];
  seasonal: boolean;
}

/** Day ranges [start, end] (inclusive) of the recent and reference windows. */
export function driftWindows(firstDay: number, asOfDay: number, options: DriftOptions = {}): DriftWindows {
  const R = options.recentDays ?? 30;
  const F = options.referenceDays ?? 180;
  const recent: [number, number] = [asOfDay - R + 1, asOfDay];
  const seasonalCentre = asOfDay - Math.floor(R / 2) - 365;
  const seasonalStart = seasonalCentre - Math.floor(F / 2);
  if ((options.seasonalReference ?? true) && firstDay <= seasonalStart) {
    return { recent, reference: [seasonalStart, seasonalStart + F - 1], seasonal: true };
  }
  return { recent, reference: [recent[0] - F, recent[0] - 1], seasonal: false };
}

interface CategoryNull {
  /** Per category: sorted spends of the customer's own 30-day windows before the recent window. */
  windows: Map<string, number[]>;
  /** Per category: the same spends in window order, and each window's last day. */
  windowSeries: Map<string, number[]>;
  windowEnds: number[];
  /** Per category: transaction days and amounts before the recent window. */
  datedAmounts: Map<string, { day: number; amount: number; merchant: string }[]>;
  /** Per category: sorted transaction amounts before the recent window. */
  amounts: Map<string, number[]>;
  /** Per merchant: transaction amounts before the recent window. */
  merchantAmounts: Map<string, number[]>;
  /** Median total 30-day spend. */
  typicalTotal: number;
  count: number;
}

/** 30-day windows stepping weekly through up to `historyDays` before the recent window. */
function categoryNull(items: Dated[], recentStart: number, R: number, historyDays: number, cats: string[]): CategoryNull {
  const first = Math.max(recentStart - historyDays, items.reduce((m, t) => Math.min(m, t.day), Infinity));
  const windows = new Map<string, number[]>(cats.map((c) => [c, []]));
  const windowSeries = new Map<string, number[]>(cats.map((c) => [c, []]));
  const windowEnds: number[] = [];
  const amounts = new Map<string, number[]>(cats.map((c) => [c, []]));
  const datedAmounts = new Map<string, { day: number; amount: number; merchant: string }[]>(cats.map((c) => [c, []]));
  const totals: number[] = [];
  const merchantAmounts = new Map<string, number[]>();
  if (!Number.isFinite(first)) return { windows, windowSeries, windowEnds, datedAmounts, amounts, merchantAmounts, typicalTotal: 0, count: 0 };
  const span = recentStart - first;
  const idx = new Map(cats.map((c, i) => [c, i]));
  const daily = cats.map(() => new Float64Array(Math.max(span, 0) + 1));
  for (const t of items) {
    if (t.day < first || t.day >= recentStart) continue;
    daily[idx.get(t.category) as number][t.day - first] += t.amount;
    (amounts.get(t.category) as number[]).push(t.amount);
    (datedAmounts.get(t.category) as { day: number; amount: number; merchant: string }[]).push({ day: t.day, amount: t.amount, merchant: t.merchant });
    if (t.merchant) {
      const l = merchantAmounts.get(t.merchant);
      if (l) l.push(t.amount);
      else merchantAmounts.set(t.merchant, [t.amount]);
    }
  }
  for (const v of amounts.values()) v.sort((a, b) => a - b);
  const prefix = daily.map((d) => {
    const p = new Float64Array(d.length + 1);
    for (let i = 0; i < d.length; i++) p[i + 1] = p[i] + d[i];
    return p;
  });
  let count = 0;
  for (let e = span; e - R >= 0; e -= 7) {
    let tot = 0;
    cats.forEach((c, i) => {
      const v = prefix[i][e] - prefix[i][e - R];
      (windows.get(c) as number[]).push(v);
      (windowSeries.get(c) as number[]).push(v);
      tot += v;
    });
    windowEnds.push(first + e - 1);
    totals.push(tot);
    count++;
  }
  for (const v of windows.values()) v.sort((a, b) => a - b);
  return { windows, windowSeries, windowEnds, datedAmounts, amounts, merchantAmounts, typicalTotal: totals.length ? quantile(totals, 0.5) : 0, count };
}

/** Drift of one customer's spending at `asOf`. */
export function analyseDrift(transactions: readonly ExpenseInput[], options: DriftOptions = {}): DriftResult {
  const items = toDated(transactions);
  const R = options.recentDays ?? 30;
  let first = Infinity;
  let last = -Infinity;
  for (const t of items) {
    first = Math.min(first, t.day);
    last = Math.max(last, t.day);
  }
  const asOfDay = options.asOf !== undefined ? dayNumber(options.asOf) : Number.isFinite(last) ? last : 0;
  const w = driftWindows(Number.isFinite(first) ? first : asOfDay, asOfDay, options);
  const inRange = (r: [number, number]) => items.filter((t) => t.day >= r[0] && t.day <= r[1]);
  const recent = inRange(w.recent);
  const reference = inRange(w.reference);
  const cats = [...new Set([...recent, ...reference, ...items.filter((t) => t.day < w.recent[0])].map((t) => t.category))].sort();
  // the customer's own variability: 30-day windows stepping weekly through the reference period,
  // each compared with the rest of the reference (leave-window-out)
  const nullJs: number[] = [];
  for (let s = w.reference[0]; s + R - 1 <= w.reference[1]; s += 7) {
    const win = reference.filter((t) => t.day >= s && t.day < s + R);
    const rest = reference.filter((t) => t.day < s || t.day >= s + R);
    if (win.length < 3 || rest.length < 3) continue;
    nullJs.push(jensenShannon(shares(win, cats), shares(rest, cats)).distance);
  }
  const cn = categoryNull(items, w.recent[0], R, options.historyDays ?? 540, cats);
  const extended = items.filter((t) => t.day >= w.recent[0] - 15 && t.day < w.recent[0]);
  return compareWindows(recent, reference, cats, nullJs, w, R, options, cn, extended);
}

/**
 * Compare two sets of transactions directly (recent vs reference). Without `nullJs` the threshold is
 * the floor alone, and categories are judged against the reference's own 30-day windows.
 */
export function detectDrift(
  recent: readonly ExpenseInput[],
  reference: readonly ExpenseInput[],
  options: DriftOptions & { nullJs?: number[] } = {},
): DriftResult {
  const r = toDated(recent);
  const f = toDated(reference);
  const cats = [...new Set([...r, ...f].map((t) => t.category))].sort();
  const span = (xs: Dated[]): [number, number] => (xs.length ? [Math.min(...xs.map((x) => x.day)), Math.max(...xs.map((x) => x.day))] : [0, 0]);
  const R = options.recentDays ?? 30;
  const w = { recent: span(r), reference: span(f), seasonal: false };
  const cn = categoryNull(f, w.reference[1] + 1, R, options.historyDays ?? 540, cats);
  return compareWindows(r, f, cats, options.nullJs ?? [], w, R, options, cn);
}

function compareWindows(
  recent: Dated[],
  reference: Dated[],
  cats: string[],
  nullJs: number[],
  w: DriftWindows,
  recentDays: number,
  options: DriftOptions,
  cn: CategoryNull,
  /** Transactions in the 15 days before the recent window (for the stopped/down check). */
  extendedRecent: Dated[] = [],
): DriftResult {
  const floor = options.jsFloor ?? 0.5;
  const q = options.nullQuantile ?? 0.9;
  const margin = options.nullMargin ?? 1.5;
  const minDelta = options.minShareDelta ?? 0.05;
  const cq = options.categoryQuantile ?? 1;
  const amountZMin = options.amountZ ?? 2.5;
  const levelZMin = options.levelZ ?? 4;
  // the same season a year earlier: windows ending within three weeks of a year before the recent
  // window's end, and purchases within a month either side of the recent window a year earlier
  const seasonEnd = w.recent[1] - 365;
  const seasonalIdx = cn.windowEnds.map((e, i) => (Math.abs(e - seasonEnd) <= 21 ? i : -1)).filter((i) => i >= 0);
  const inSeason = (d: number) => d >= w.recent[0] - 365 - 30 && d <= w.recent[1] - 365 + 30;
  const cMargin = options.categoryMargin ?? 1.1;
  const irregularMargin = options.irregularMargin ?? 1.5;
  const minCharges = options.minMerchantCharges ?? 6;
  const material = (options.minMaterial ?? 0.05) * cn.typicalTotal;
  const windows = { recent: [isoDay(w.recent[0]), isoDay(w.recent[1])] as [string, string], reference: [isoDay(w.reference[0]), isoDay(w.reference[1])] as [string, string], seasonal: w.seasonal };
  const sufficient = recent.length >= (options.minRecent ?? 5) && reference.length >= (options.minReference ?? 20) && cn.count >= 8;
  const p = shares(recent, cats);
  const qv = shares(reference, cats);
  const js = cats.length ? jensenShannon(p, qv) : { distance: 0, divergence: 0 };
  const psiValue = cats.length ? psi(p, qv) : 0;
  const ks = recent.length && reference.length ? ksTwoSample(recent.map((t) => t.amount), reference.map((t) => t.amount)) : null;
  const refDays = Math.max(1, w.reference[1] - w.reference[0] + 1);
  const scale = recentDays / refDays;
  const spendRecent = new Map<string, number>();
  const spendRef = new Map<string, number>();
  const recentAmounts = new Map<string, number[]>();
  // (c) per-merchant price jumps: charges of merchants with regular amounts (bills, subscriptions)
  // now at least 1.5 times their usual price
  const priceJump = new Map<string, { excess: number; jumped: number; regular: number }>();
  for (const t of recent) {
    const hist = cn.merchantAmounts.get(t.merchant);
    if (!hist || hist.length < minCharges) continue;
    const lo = quantile(hist, 0.1);
    const med = quantile(hist, 0.5);
    if (!(lo > 0) || quantile(hist, 0.9) > 1.5 * lo) continue;
    const e = priceJump.get(t.category) ?? { excess: 0, jumped: 0, regular: 0 };
    e.regular++;
    if (t.amount >= 1.5 * med) {
      e.jumped++;
      e.excess += t.amount - med;
    }
    priceJump.set(t.category, e);
  }
  for (const t of recent) {
    spendRecent.set(t.category, (spendRecent.get(t.category) ?? 0) + t.amount);
    const l = recentAmounts.get(t.category);
    if (l) l.push(t.amount);
    else recentAmounts.set(t.category, [t.amount]);
  }
  for (const t of reference) spendRef.set(t.category, (spendRef.get(t.category) ?? 0) + t.amount);
  const recentLong = new Map<string, number>();
  for (const t of [...recent, ...extendedRecent]) recentLong.set(t.category, (recentLong.get(t.category) ?? 0) + t.amount);
  const categories: CategoryShift[] = cats
    .map((c, i) => {
      const after = spendRecent.get(c) ?? 0;
      const before = (spendRef.get(c) ?? 0) * scale;
      const own = cn.windows.get(c) ?? [];
      const typical = own.length ? quantile(own, 0.5) : 0;
      // regular categories (spent in nearly every 30-day window) are judged against a high quantile,
      // irregular ones (travel, gifts, one-off purchases) against their maximum
      const regular = own.length > 0 && own.filter((v) => v > 0).length >= 0.9 * own.length;
      const qq = regular ? Math.min(cq, 0.95) : cq;
      const hi = own.length ? quantile(own, qq) : 0;
      const lo = own.length ? quantile(own, 1 - qq) : 0;
      const ra = recentAmounts.get(c) ?? [];
      const ha = cn.amounts.get(c) ?? [];
      // (a) more spend than the customer's own 30-day windows, by a material amount, even without the
      // single largest purchase (one big one-off buy is an anomaly, not a change of habits)
      const largest = ra.length ? Math.max(...ra) : 0;
      const robustAfter = after - largest;
      const levelUp = ra.length >= 2 && robustAfter > hi * (regular ? cMargin : irregularMargin) && after - typical >= material && robustAfter - hi >= material / 2;
      // (b) one or two recent payments at clearly higher amounts, only for categories whose amounts are
      // regular (bills, rent); three or more purchases are judged by the robust amount test (d)
      let amountUp = false;
      if (ra.length && ra.length <= 2 && ha.length >= 5 && after - typical >= material) {
        const regularAmounts = quantile(ha, 0.95) <= 1.5 * quantile(ha, 0.5);
        amountUp = regularAmounts && Math.min(...ra) >= 1.5 * quantile(ha, 0.95);
      }
      const pj = priceJump.get(c);
      const merchantUp = !!pj && pj.jumped >= 1 && pj.jumped * 2 >= pj.regular && pj.excess >= material / 2 && after - typical >= material;
      // (d) robust location test on log amounts, each purchase against the same merchant's earlier amounts,
      // less the seasonal lift seen a year earlier, for three or more recent purchases
      const dated = cn.datedAmounts.get(c) ?? [];
      const byMerchant = new Map<string, number[]>();
      for (const x of dated) {
        const e = byMerchant.get(x.merchant);
        if (e) e.push(x.amount);
        else byMerchant.set(x.merchant, [x.amount]);
      }
      // the same merchant's earlier amounts when there are enough, else the category's
      const refOf = (m: string) => {
        const own = byMerchant.get(m) ?? [];
        return own.length >= 5 ? own : ha;
      };
      // seasonal lift: how much higher the same purchases were in the same season a year earlier (never
      // below 0, so that a quiet season does not make alarms easier)
      const lift = Math.max(0, seasonalLogLift(dated.filter((x) => inSeason(x.day)).map((x) => ({ amount: x.amount, reference: refOf(x.merchant) }))));
      const shift = matchedLogShift(recent.filter((t) => t.category === c).map((t) => ({ amount: t.amount, reference: refOf(t.merchant) })), 0.1, 3, lift);
      const testable = ra.length >= 3 && ha.length >= 5;
      const amountZ = testable ? shift.z : 0;
      const amountRatio = testable ? shift.ratio : 1;
      const amountShift = testable && amountZ >= amountZMin && amountRatio >= 1.3 && after * (1 - 1 / amountRatio) >= 0.75 * material;
      // (e) robust z of log spend against the customer's own windows (seasonal centre when available),
      // the largest recent purchase replaced by a typical one
      const series = cn.windowSeries.get(c) ?? [];
      const typicalAmount = ha.length ? quantile(ha, 0.5) : 0;
      const offset = Math.max(1, 0.02 * cn.typicalTotal);
      const level = logLevelZ(ra.length >= 2 ? after - largest + typicalAmount : 0, series, seasonalIdx.map((i) => series[i]), offset);
      const expected30 = Math.max(0, Math.exp(level.centre) - offset);
      // only for regular categories: the windows of irregular ones (travel, gifts) are mostly empty, so
      // their spread says little and the maximum-based test (a) judges them
      const levelZ = regular && ra.length >= 2 ? level.z : 0;
      const levelShift = levelZ >= levelZMin && after - expected30 >= material;
      const up = levelUp || amountUp || merchantUp || amountShift || levelShift;
      // down: the spend of a window half as long again must still fall below the usual 30-day low,
      // so that a monthly bill falling just outside the 30 days does not count as stopped
      const longAfter = recentLong.get(c) ?? 0;
      const down = longAfter < lo / cMargin && typical - longAfter >= material && lo - longAfter >= material / 2;
      const direction: CategoryShift['direction'] = before === 0 && typical === 0 ? 'new' : after === 0 ? 'stopped' : p[i] >= qv[i] ? 'up' : 'down';
      return {
        category: c,
        shareBefore: qv[i],
        shareAfter: p[i],
        delta: p[i] - qv[i],
        spendAfter: after,
        spendBeforeScaled: before,
        ratio: before > 0 ? after / before : Infinity,
        direction,
        typical30: typical,
        usualRange: [lo, hi] as [number, number],
        significant: own.length >= 8 && (up || down),
        reasons: own.length >= 8 ? ([...(levelUp || levelShift ? ['level'] : []), ...(amountUp || amountShift ? ['amounts'] : []), ...(merchantUp ? ['price'] : []), ...(down ? ['down'] : [])] as CategoryShift['reasons']) : [],
        amountZ,
        amountRatio,
        levelZ,
        expected30,
        recentCount: ra.length,
      };
    })
    .filter((c) => c.significant || Math.abs(c.delta) >= minDelta)
    .sort((a, b) => Number(b.significant) - Number(a.significant) || Math.abs(b.delta) - Math.abs(a.delta));
  const nullQ = nullJs.length >= 5 ? quantile(nullJs, q) : 0;
  const threshold = Math.max(floor, nullQ * margin);
  const significant = categories.filter((c) => c.significant);
  const mixAlarm = (options.mixAlarm ?? false) && js.distance > threshold && categories.length > 0;
  const alarm = sufficient && (significant.length > 0 || mixAlarm);
  const excess = Math.max(threshold > 0 ? js.distance / threshold : 0, ...significant.map((c) => (c.usualRange[1] > 0 ? c.spendAfter / c.usualRange[1] : 3)));
  const severity: DriftResult['severity'] = !alarm ? 'none' : excess >= 2 || significant.length >= 2 ? 'high' : excess >= 1.4 ? 'medium' : 'low';
  const moved = (significant.length ? significant : categories)
    .slice(0, 3)
    .map(
      (c) =>
        `${c.category} ${c.direction === 'new' ? 'new at' : c.delta > 0 ? 'up to' : 'down to'} ${(c.shareAfter * 100).toFixed(0)}% of spend (was ${(c.shareBefore * 100).toFixed(0)}%; ${c.spendAfter.toFixed(2)} in ${recentDays} days vs usual ${c.typical30.toFixed(2)})`,
    )
    .join('; ');
  const summary = !sufficient
    ? 'not enough history for a drift verdict'
    : alarm
      ? `spending mix changed (JS ${js.distance.toFixed(3)}, threshold ${threshold.toFixed(3)}): ${moved}`
      : `no unusual change in the spending mix (JS ${js.distance.toFixed(3)} <= ${threshold.toFixed(3)})`;
  return {
    js: js.distance,
    jsDivergence: js.divergence,
    psi: psiValue,
    ks: ks ? { statistic: ks.statistic, pValue: ks.pValue } : null,
    threshold,
    nullJs,
    categories,
    severity,
    alarm,
    sufficient,
    typicalSpend30: cn.typicalTotal,
    windows,
    summary,
  };
}
