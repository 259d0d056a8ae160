/**
 * Recurring charges (subscriptions, bills, instalments): per merchant (and amount level), at least three
 * charges at a weekly / fortnightly / monthly / yearly rhythm within a date tolerance and an amount
 * tolerance; next expected date and amount, price changes, new and stopped series.
 */
import { categoryOf, DAY_MS, dayNumber, type ExpenseInput } from '../common/transactions';
import { median } from '../common/stats';

export type Cadence = 'weekly' | 'biweekly' | 'monthly' | 'yearly';

const CADENCES: { cadence: Cadence; days: number; tolerance: number }[] = [
  { cadence: 'weekly', days: 7, tolerance: 1.5 },
  { cadence: 'biweekly', days: 14, tolerance: 2.5 },
  { cadence: 'monthly', days: 30.44, tolerance: 4 },
  { cadence: 'yearly', days: 365.25, tolerance: 12 },
];

export interface PriceChange {
  date: string;
  from: number;
  to: number;
  /** Relative change, e.g. 0.1 for +10%. */
  change: number;
}

export interface RecurringSeries {
  key: string;
  merchant: string;
  category: string;
  cadence: Cadence;
  occurrences: number;
  firstDate: string;
  lastDate: string;
  /** Typical (median) amount and the latest amount. */
  typicalAmount: number;
  lastAmount: number;
  nextExpectedDate: string;
  nextExpectedAmount: number;
  /** Share of intervals within the date tolerance and of amounts within the amount tolerance. */
  regularity: number;
  priceChanges: PriceChange[];
  status: 'active' | 'new' | 'stopped';
  /** Approximate monthly cost at the latest amount. */
  monthlyCost: number;
  transactionIds: string[];
}

export interface RecurringOptions {
  asOf?: string | Date;
  minOccurrences?: number;
  /** Relative amount tolerance around the series' level (default 0.2). */
  amountTolerance?: number;
  /** Minimum share of regular intervals (default 0.75). */
  minRegularity?: number;
}

/** Merchant key: lower-case, digits and reference codes removed. */
export function merchantKey(t: { merchant: string | null; description: string }): string {
  const base = (t.merchant && t.merchant.trim()) || t.description;
  return base
    .toLowerCase()
    .replace(/[#*]\s*\w+/g, ' ')
    .replace(/\d+/g, ' ')
    .replace(/[^a-z&]+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, 4)
    .join(' ');
}

function iso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDom = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDom));
  return Math.floor(target.getTime() / DAY_MS);
}

interface Item {
  id: string;
  day: number;
  amount: number;
  category: string;
  merchant: string;
}

/** Split a merchant's charges into amount levels (e.g. two plans at the same merchant). */
function amountLevels(items: Item[], tol: number): Item[][] {
  const sorted = [...items].sort((a, b) => a.amount - b.amount);
  const groups: Item[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    if (g && it.amount <= g[g.length - 1].amount * (1 + tol)) g.push(it);
    else groups.push([it]);
  }
  return groups.map((g) => g.sort((a, b) => a.day - b.day));
}

export function detectRecurring(transactions: readonly ExpenseInput[], options: RecurringOptions = {}): RecurringSeries[] {
  const minOcc = options.minOccurrences ?? 3;
  const tol = options.amountTolerance ?? 0.2;
  const minReg = options.minRegularity ?? 0.75;
  const byMerchant = new Map<string, Item[]>();
  let latest = -Infinity;
  for (const t of transactions) {
    if (!(t.amount > 0)) continue;
    const item: Item = { id: t.id, day: dayNumber(t.occurredAt), amount: t.amount, category: categoryOf(t), merchant: (t.merchant ?? t.description).trim() };
    latest = Math.max(latest, item.day);
    const key = merchantKey(t);
    if (!key) continue;
    const l = byMerchant.get(key) ?? [];
    l.push(item);
    byMerchant.set(key, l);
  }
  const asOf = options.asOf !== undefined ? dayNumber(options.asOf) : Number.isFinite(latest) ? latest : 0;
  const out: RecurringSeries[] = [];
  for (const [key, list] of byMerchant) {
    if (list.length < minOcc) continue;
    // price changes can move a series across amount levels, so try the whole merchant first
    const candidates = [list.slice().sort((a, b) => a.day - b.day), ...amountLevels(list, tol)];
    const used = new Set<string>();
    for (const series of candidates) {
      if (series.length < minOcc || series.some((s) => used.has(s.id))) continue;
      const found = analyseSeries(key, series, asOf, tol, minReg);
      if (found) {
        out.push(found);
        for (const s of series) used.add(s.id);
      }
    }
  }
  return out.sort((a, b) => b.monthlyCost - a.monthlyCost);
}

function analyseSeries(key: string, s: Item[], asOf: number, tol: number, minReg: number): RecurringSeries | null {
  // one charge per day (duplicates are not a rhythm)
  const days: Item[] = [];
  for (const it of s) if (!days.length || it.day !== days[days.length - 1].day) days.push(it);
  if (days.length < 3) return null;
  const gaps = days.slice(1).map((d, i) => d.day - days[i].day);
  const g = median(gaps);
  const c = CADENCES.find((x) => Math.abs(g - x.days) <= x.tolerance);
  if (!c) return null;
  const regularGaps = gaps.filter((x) => Math.abs(x - c.days) <= c.tolerance).length / gaps.length;
  // amounts: steady within tolerance around a level that may step (price change)
  const amounts = days.map((d) => d.amount);
  const priceChanges: PriceChange[] = [];
  let level = amounts[0];
  let steady = 0;
  for (let i = 1; i < amounts.length; i++) {
    const rel = (amounts[i] - level) / level;
    if (Math.abs(rel) <= 0.02) {
      steady++;
      continue;
    }
    const persists = i === amounts.length - 1 || Math.abs(amounts[i + 1] - amounts[i]) / amounts[i] <= 0.02;
    if (persists && Math.abs(rel) <= 1) {
      priceChanges.push({ date: iso(days[i].day), from: level, to: amounts[i], change: rel });
      level = amounts[i];
      steady++;
    } else if (Math.abs(rel) <= tol) steady++;
  }
  const regularAmounts = (steady + 1) / amounts.length;
  // variable bills (utilities) keep a rhythm with varying amounts: accept when amounts stay within a factor of 2.5
  const variable = Math.max(...amounts) <= 2.5 * Math.min(...amounts);
  if (regularGaps < minReg || (regularAmounts < minReg && !variable)) return null;
  const last = days[days.length - 1];
  const next = c.cadence === 'monthly' ? addMonths(last.day, 1) : c.cadence === 'yearly' ? addMonths(last.day, 12) : last.day + c.days;
  const overdue = asOf - last.day > c.days + 2 * c.tolerance + (c.cadence === 'weekly' ? 3 : 0);
  const first = days[0];
  // new: started within about four periods (three or four charges so far)
  const isNew = !overdue && asOf - first.day <= c.days * 4 + c.tolerance;
  const nextAmount = priceChanges.length || regularAmounts >= minReg ? last.amount : median(amounts.slice(-3));
  return {
    key,
    merchant: last.merchant,
    category: last.category,
    cadence: c.cadence,
    occurrences: days.length,
    firstDate: iso(first.day),
    lastDate: iso(last.day),
    typicalAmount: median(amounts),
    lastAmount: last.amount,
    nextExpectedDate: iso(Math.round(next)),
    nextExpectedAmount: nextAmount,
    regularity: Math.min(regularGaps, Math.max(regularAmounts, variable ? regularGaps : 0)),
    priceChanges,
    status: overdue ? 'stopped' : isNew ? 'new' : 'active',
    monthlyCost: (nextAmount * 30.44) / c.days,
    transactionIds: days.map((d) => d.id),
  };
}
