/**
 * Transaction-level features relative to the customer's own history, free of look-ahead: the features of a
 * transaction use only the transactions before it (in time order).
 */
import type { ExpenseInput } from '../common/transactions';
import { CircularHourDensity, shrunkZ } from './evidence';

/**
 * The anomaly detectors read `occurredAt` as the customer's wall-clock time: an ISO string's offset, if any,
 * is ignored, and a Date's UTC fields are used.
 */
export type TransactionInput = ExpenseInput;

export const FEATURE_NAMES = [
  'amount_vs_category',
  'amount_vs_merchant',
  'amount_evidence',
  'new_merchant',
  'new_merchant_surprise',
  'category_rarity',
  'hour_sin',
  'hour_cos',
  'dow_sin',
  'dow_cos',
  'hour_rarity',
  'log_hours_since_merchant',
  'near_duplicate',
  'duplicate_surprise',
  'month_share',
  'log_amount',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const N_FEATURES = FEATURE_NAMES.length;

/** Evidence behind the features, in units a person understands (for reasons). */
export interface TransactionContext {
  /** Minutes since epoch of the wall-clock time. */
  minute: number;
  hourKnown: boolean;
  hour: number;
  category: string;
  merchantKey: string;
  /** amount / median amount in the category (NaN without history). */
  categoryRatio: number;
  categoryHistory: number;
  /** amount / median at this merchant, or vs first visits in the category for a new merchant. */
  merchantRatio: number;
  merchantVisits: number;
  newMerchant: boolean;
  /** Share of the customer's past transactions within ±1 h of this hour. */
  hourShare: number;
  /** Minutes since an identical earlier charge at the same merchant (Infinity if none within 6 h). */
  duplicateGapMinutes: number;
  /** How often this merchant's charges repeat within hours in the customer's history. */
  merchantRepeatRate: number;
  /** Earlier identical repeats at this merchant. */
  merchantRepeats: number;
  /** amount / median monthly spend. */
  monthShare: number;
  /** Number of earlier transactions (history depth). */
  historySize: number;
  /** Small-sample-shrunk robust z of the log amount against the merchant (NaN if new) and the category. */
  merchantZ: number;
  categoryZ: number;
  /** The same amount (to the cent) was charged before at this merchant (a recurring price). */
  amountSeenAtMerchant: boolean;
  /** Earlier charges of exactly this amount at this merchant. */
  sameAmountCount: number;
  /** z of the amount against first visits at new merchants in the category (NaN if unknown). */
  newMerchantZ: number;
  /** -log of the category's smoothed monthly rate ((count + 0.5) / (months + 1)). */
  categoryMonthlyRarity: number;
  /** Time-of-day surprise (nats) against all of the customer's hours and against their hours in this category. */
  hourSurprise: number;
  categoryHourSurprise: number;
  /** Days since the first transaction of the history. */
  historyDays: number;
}

export interface FeatureSet {
  names: readonly string[];
  /** n x N_FEATURES row-major. */
  data: Float64Array;
  rows: number;
  cols: number;
  context: TransactionContext[];
}

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/** Wall-clock minutes since the epoch and whether a time of day was present. */
export function wallClockMinutes(value: string | Date): { minute: number; hourKnown: boolean } {
  if (value instanceof Date) return { minute: Math.floor(value.getTime() / 60000), hourKnown: true };
  const m = TIME_RE.exec(value);
  if (!m) {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw new Error(`unparseable timestamp: ${value}`);
    return { minute: Math.floor(t / 60000), hourKnown: true };
  }
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 12, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  return { minute: Math.floor(ms / 60000), hourKnown: m[4] !== undefined };
}

export function normaliseKey(s: string | null | undefined): string {
  return (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Merchant key: the merchant name, or the description without digits and references when there is no merchant. */
export function merchantKeyOf(t: TransactionInput): string {
  const m = normaliseKey(t.merchant);
  if (m) return m;
  return normaliseKey(t.description).replace(/[*#]\S*/g, '').replace(/\d+/g, '').replace(/\s+/g, ' ').trim() || 'unknown';
}

/** Index of the first element of sorted[0..n) that is >= v (v not NaN). */
function lowerBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A bounded window of recent values with median and MAD (robust norms that follow slow changes). Feature
 * extraction asks for the statistics after nearly every push, so the window keeps its values sorted as they come and
 * go (a binary search and a shift of at most `size` elements) instead of sorting a copy on each call.
 */
class Window {
  private readonly values: number[] = [];
  private readonly sorted: Float64Array;
  private nans = 0;
  private cached: { median: number; mad: number; upper: number } | null = null;
  count = 0;
  constructor(private readonly size: number) {
    this.sorted = new Float64Array(size + 1);
  }
  push(v: number) {
    this.values.push(v);
    if (Number.isNaN(v)) this.nans++;
    else this.insert(v);
    if (this.values.length > this.size) {
      const old = this.values.shift() as number;
      if (Number.isNaN(old)) this.nans--;
      else this.remove(old);
    }
    this.count++;
    this.cached = null;
  }
  get length() {
    return this.values.length;
  }
  private get finite() {
    return this.values.length - this.nans;
  }
  private insert(v: number) {
    const n = this.finite - 1; // v is already counted in values
    const s = this.sorted;
    const at = lowerBound(s, n, v);
    s.copyWithin(at + 1, at, n);
    s[at] = v;
  }
  private remove(v: number) {
    const n = this.finite + 1; // v is already gone from values
    const s = this.sorted;
    const at = lowerBound(s, n, v);
    s.copyWithin(at, at + 1, n);
  }
  /** Median, MAD (normal-consistent) and the upper spread (q90 - median) / 1.2816, both normal-consistent. */
  stats(): { median: number; mad: number; upper: number } {
    if (this.cached) return this.cached;
    // NaN values (never produced by the feature code) would sort last: the plain computation handles them.
    this.cached = this.nans ? this.statsBySorting() : this.statsFromSorted();
    return this.cached;
  }
  /**
   * The same numbers as statsBySorting without sorting: the deviations |s[i] - median| of the sorted values are
   * non-decreasing walking left from the median and walking right from it (rounding is monotone), so their middle
   * order statistics come from merging those two runs up to the middle.
   */
  private statsFromSorted(): { median: number; mad: number; upper: number } {
    const n = this.values.length;
    const s = this.sorted;
    const med = n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
    const pos = 0.9 * (n - 1);
    const lo = Math.floor(pos);
    const q90 = n ? s[lo] + (s[Math.min(n - 1, lo + 1)] - s[lo]) * (pos - lo) : NaN;
    let madMid = NaN;
    if (n) {
      let left = lowerBound(s, n, med) - 1; // values below the median, nearest first
      let right = left + 1; // values at or above it
      const want = n % 2 ? (n - 1) >> 1 : n / 2; // rank of the upper middle deviation
      let prev = NaN;
      let cur = NaN;
      for (let r = 0; r <= want; r++) {
        prev = cur;
        const dl = left >= 0 ? Math.abs(s[left] - med) : Infinity;
        const dr = right < n ? Math.abs(s[right] - med) : Infinity;
        if (dl <= dr) {
          cur = dl;
          left--;
        } else {
          cur = dr;
          right++;
        }
      }
      madMid = n % 2 ? cur : (prev + cur) / 2;
    }
    return { median: med, mad: 1.4826 * madMid, upper: (q90 - med) / 1.2816 };
  }
  private statsBySorting(): { median: number; mad: number; upper: number } {
    const s = Float64Array.from(this.values).sort();
    const n = s.length;
    const mid = (a: Float64Array) => (n % 2 ? a[(n - 1) >> 1] : (a[n / 2 - 1] + a[n / 2]) / 2);
    const med = mid(s);
    const pos = 0.9 * (n - 1);
    const lo = Math.floor(pos);
    const q90 = n ? s[lo] + (s[Math.min(n - 1, lo + 1)] - s[lo]) * (pos - lo) : NaN;
    for (let i = 0; i < n; i++) s[i] = Math.abs(s[i] - med);
    const mad = 1.4826 * mid(s.sort());
    return { median: med, mad, upper: (q90 - med) / 1.2816 };
  }
}

interface MerchantState {
  amounts: Window;
  /** How often each amount (in cents) was charged before (recurring prices). */
  cents: Map<number, number>;
  lastMinute: number;
  recent: { minute: number; amount: number }[];
  repeats: number;
}

const MIN_LOG_MAD = 0.25;
const NEW_MERCHANT_GAP_HOURS = 24 * 365;
const DUPLICATE_WINDOW_MIN = 6 * 60;

function robustZ(x: number, w: Window, minCount: number): number {
  if (w.length < minCount) return NaN;
  const { median, mad } = w.stats();
  return (x - median) / Math.max(mad, MIN_LOG_MAD);
}

function medianOf(w: Window): number {
  return w.length ? w.stats().median : NaN;
}

/** Rows must be sorted by time; `order` gives the sorted positions if they are not. */
export function extractFeatures(txns: readonly TransactionInput[]): FeatureSet {
  const n = txns.length;
  const d = N_FEATURES;
  const data = new Float64Array(n * d);
  const context: TransactionContext[] = new Array(n);

  const cats = new Map<string, Window>();
  const catCounts = new Map<string, number>();
  const firstVisits = new Map<string, Window>();
  const merchants = new Map<string, MerchantState>();
  const overall = new Window(200);
  const hourBins = new Float64Array(24);
  const hourDensity = new CircularHourDensity();
  const categoryHours = new Map<string, CircularHourDensity>();
  let timedCount = 0;
  let newMerchantCount = 0;
  const monthTotals = new Map<string, number>();
  const closedMonths: number[] = [];
  // Median of the last 12 completed months' totals; it only changes when a month closes.
  let typicalMonth = NaN;
  let currentMonth = '';

  let prevMinute = -Infinity;
  let firstMinute = NaN;
  for (let i = 0; i < n; i++) {
    const t = txns[i];
    const { minute, hourKnown } = wallClockMinutes(t.occurredAt);
    if (minute < prevMinute) throw new Error('transactions must be sorted by occurredAt');
    prevMinute = minute;
    if (i === 0) firstMinute = minute;
    const amount = Math.abs(t.amount);
    const la = Math.log1p(amount);
    const category = normaliseKey(t.category) || 'uncategorised';
    const mkey = merchantKeyOf(t);
    const date = new Date(minute * 60000);
    const month = `${date.getUTCFullYear()}-${date.getUTCMonth()}`;
    if (month !== currentMonth) {
      if (currentMonth) {
        closedMonths.push(monthTotals.get(currentMonth) ?? 0);
        typicalMonth = closedMonths.slice(-12).sort((a, b) => a - b)[Math.floor(Math.min(12, closedMonths.length) / 2)];
      }
      currentMonth = month;
    }
    const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
    const dow = date.getUTCDay();
    const history = i;
    const maturity = Math.min(1, history / 60);

    // Amount against the category's robust norm (log scale); fall back to the customer's overall norm.
    let cw = cats.get(category);
    if (!cw) cats.set(category, (cw = new Window(60)));
    const catZ = robustZ(la, cw, 5);
    const overallZ = Number.isFinite(catZ) ? NaN : robustZ(la, overall, 10);
    const amountVsCategory = Number.isFinite(catZ) ? catZ : Number.isFinite(overallZ) ? overallZ * 0.5 : 0;
    const catMedian = medianOf(cw);

    // Merchant novelty and amount against the merchant's (or first-visit) norm.
    let ms = merchants.get(mkey);
    const isNew = !ms;
    let fv = firstVisits.get(category);
    if (!fv) firstVisits.set(category, (fv = new Window(30)));
    let amountVsMerchant: number;
    let merchantRatio: number;
    const knownMerchant = !!ms && ms.amounts.length >= 3;
    if (ms && knownMerchant) {
      amountVsMerchant = robustZ(la, ms.amounts, 3);
      merchantRatio = amount / Math.expm1(medianOf(ms.amounts));
    } else if (isNew && fv.length >= 3) {
      amountVsMerchant = robustZ(la, fv, 3);
      merchantRatio = amount / Math.expm1(medianOf(fv));
    } else {
      amountVsMerchant = amountVsCategory;
      merchantRatio = Number.isFinite(catMedian) ? amount / Math.expm1(catMedian) : NaN;
    }
    // The amount is surprising only if it is surprising for both the category and (when known) the merchant:
    // a taxi ride is not a spike among bus fares.
    const amountEvidence = knownMerchant ? Math.min(amountVsCategory, amountVsMerchant) : amountVsCategory;
    const noveltyRate = (newMerchantCount + 1) / (history + 2);
    const newMerchant = isNew ? maturity : 0;
    const newMerchantSurprise = isNew ? maturity * -Math.log(noveltyRate) * Math.max(0, Math.min(3, amountVsMerchant) + 1) / 4 : 0;

    // Spikes live in the upper tail: with 8+ observations the spread is measured there too (a merchant where the
    // customer buys both coffees and dinners is not spiking at every dinner).
    const spread = (w: Window) => {
      const st = w.stats();
      return w.length >= 8 ? Math.max(st.mad, st.upper) : st.mad;
    };
    const cStats = cw.length ? cw.stats() : null;
    const categoryZ = cStats ? shrunkZ(la, cStats.median, spread(cw), cw.length, MIN_LOG_MAD, 5) : NaN;
    const mStats = ms && ms.amounts.length ? ms.amounts.stats() : null;
    const merchantZ = ms && mStats ? shrunkZ(la, mStats.median, spread(ms.amounts), ms.amounts.length, MIN_LOG_MAD, 1) : NaN;
    const cents = Math.round(amount * 100);
    const sameAmountCount = ms ? ms.cents.get(cents) ?? 0 : 0;
    const amountSeenAtMerchant = sameAmountCount > 0;
    const fvStats = fv.length ? fv.stats() : null;
    const newMerchantZ = isNew ? (fvStats && fv.length >= 3 ? shrunkZ(la, fvStats.median, fvStats.mad, fv.length, MIN_LOG_MAD, 3) : categoryZ) : NaN;

    // Category frequency for the customer.
    const catCount = catCounts.get(category) ?? 0;
    const categoryRarity = maturity * -Math.log((catCount + 0.5) / (history + 1));

    // Time of day and day of week (cyclic) and how unusual the hour is for this customer.
    const hourSin = hourKnown ? Math.sin((2 * Math.PI * hour) / 24) : 0;
    const hourCos = hourKnown ? Math.cos((2 * Math.PI * hour) / 24) : 0;
    const h = Math.floor(hour) % 24;
    const near = hourBins[h] + 0.5 * (hourBins[(h + 23) % 24] + hourBins[(h + 1) % 24]);
    const hourShare = timedCount > 0 ? near / timedCount : NaN;
    let ch = categoryHours.get(category);
    if (!ch) categoryHours.set(category, (ch = new CircularHourDensity()));
    const hourSurprise = hourKnown && timedCount >= 20 ? hourDensity.surprise(hour) : 0;
    const categoryHourSurprise = hourKnown && ch.count >= 10 ? ch.surprise(hour) : 0;
    const monthsOfHistory = (minute - firstMinute) / (1440 * 30.44);
    const categoryMonthlyRarity = -Math.log((catCount + 0.5) / (monthsOfHistory + 1));
    const hourRarity = hourKnown && timedCount >= 30 ? Math.min(1, timedCount / 150) * -Math.log((near + 0.5) / (timedCount + 12)) : 0;

    // Recency at the merchant and near-duplicate charges.
    const hoursSince = ms ? (minute - ms.lastMinute) / 60 : NEW_MERCHANT_GAP_HOURS;
    let dupGap = Infinity;
    if (ms) {
      for (const r of ms.recent) {
        if (minute - r.minute <= DUPLICATE_WINDOW_MIN && Math.abs(r.amount - amount) <= Math.max(0.01, 0.005 * amount)) {
          dupGap = Math.min(dupGap, minute - r.minute);
        }
      }
    }
    const nearDuplicate = Number.isFinite(dupGap) ? Math.exp(-dupGap / 180) : 0;
    const repeatRate = ms ? (ms.repeats + 0.5) / (ms.amounts.count + 1) : 0.5;
    // Repeats that are a habit at this merchant (transfer fares, two coffees) stop being surprising.
    const duplicateSurprise = nearDuplicate / (1 + (ms ? ms.repeats : 0));

    // Share of a typical month's spending (completed months only).
    const monthShare = Number.isFinite(typicalMonth) && typicalMonth > 0 ? amount / typicalMonth : 0;

    const row = i * d;
    const f = [
      amountVsCategory, amountVsMerchant, amountEvidence, newMerchant, newMerchantSurprise, categoryRarity,
      hourSin, hourCos, Math.sin((2 * Math.PI * dow) / 7), Math.cos((2 * Math.PI * dow) / 7), hourRarity,
      Math.log1p(Math.max(0, hoursSince)), nearDuplicate, duplicateSurprise, Math.log1p(10 * monthShare), la,
    ];
    for (let c = 0; c < d; c++) data[row + c] = f[c];

    context[i] = {
      minute, hourKnown, hour, category: t.category ?? 'Uncategorised', merchantKey: mkey,
      categoryRatio: Number.isFinite(catMedian) ? amount / Math.expm1(catMedian) : NaN,
      categoryHistory: catCount, merchantRatio, merchantVisits: ms ? ms.amounts.count : 0, newMerchant: isNew,
      hourShare, historyDays: (minute - firstMinute) / 1440, duplicateGapMinutes: dupGap, merchantRepeatRate: repeatRate, merchantRepeats: ms ? ms.repeats : 0, monthShare, historySize: history,
      merchantZ, categoryZ, amountSeenAtMerchant, sameAmountCount, newMerchantZ, categoryMonthlyRarity, hourSurprise, categoryHourSurprise,
    };

    // Update the history with this transaction.
    cw.push(la);
    catCounts.set(category, catCount + 1);
    overall.push(la);
    if (!ms) {
      ms = { amounts: new Window(40), cents: new Map<number, number>(), lastMinute: minute, recent: [], repeats: 0 };
      merchants.set(mkey, ms);
      fv.push(la);
      newMerchantCount++;
    }
    if (Number.isFinite(dupGap)) ms.repeats++;
    ms.amounts.push(la);
    ms.cents.set(cents, (ms.cents.get(cents) ?? 0) + 1);
    ms.lastMinute = minute;
    ms.recent.push({ minute, amount });
    while (ms.recent.length && minute - ms.recent[0].minute > DUPLICATE_WINDOW_MIN) ms.recent.shift();
    if (hourKnown) {
      hourBins[h]++;
      timedCount++;
      hourDensity.add(hour);
      ch.add(hour);
    }
    monthTotals.set(month, (monthTotals.get(month) ?? 0) + amount);
  }
  return { names: FEATURE_NAMES, data, rows: n, cols: d, context };
}

/** Stable sort by time (inputs may arrive unsorted); returns the permutation. */
export function sortByTime(txns: readonly TransactionInput[]): number[] {
  const keys = txns.map((t) => wallClockMinutes(t.occurredAt).minute);
  return keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
}
