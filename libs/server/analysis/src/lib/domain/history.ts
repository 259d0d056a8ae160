/** The customer's history as the ML library's input and as the monthly / daily series the findings show. */
import { merchantKey, type TransactionInput } from '@spendguard/ml';
import { addMonths, dayIndex, dayOfMonth, daysInMonth, monthOf, monthRange } from './calendar';
import type { HistoryExpense } from './findings.types';

/** HistoryExpense -> the ML library's transaction (also its ExpenseInput). */
export function toMlInput(e: HistoryExpense): TransactionInput {
  return { id: e.id, occurredAt: e.occurredAt, amount: e.amount, category: e.category, merchant: e.merchant, description: e.description };
}

/** Display name of an expense's counterparty: the merchant, or the statement text. */
export function merchantName(e: Pick<HistoryExpense, 'merchant' | 'description'>): string {
  return (e.merchant && e.merchant.trim()) || e.description.trim() || 'an unknown merchant';
}

/**
 * Normalised merchant key for fingerprints and patterns: the ML library's merchant key (lower case, digits and
 * reference codes removed; the same key recurring-charge detection uses) with dashes for spaces.
 */
export function merchantSlug(e: { merchant: string | null; description: string }): string {
  return merchantKey(e).replace(/\s+/g, '-') || 'unknown';
}

/** Key of a category: its id, or its name when the expense has no category id. */
export function categoryKey(e: Pick<HistoryExpense, 'categoryId' | 'category'>): string {
  return e.categoryId ?? `name:${categoryName(e)}`;
}

export function categoryName(e: Pick<HistoryExpense, 'category'>): string {
  return e.category && e.category.trim() ? e.category.trim() : 'Uncategorised';
}

export interface MonthTotal {
  month: string;
  total: number;
}

/**
 * The first month whose history is complete: the month of the first expense, or the next one when the first
 * expense falls after the 7th (the customer's data probably starts mid-month).
 */
export function firstFullMonth(history: readonly HistoryExpense[]): string | null {
  if (!history.length) return null;
  let first = history[0].occurredOn;
  for (const e of history) if (e.occurredOn < first) first = e.occurredOn;
  return dayOfMonth(first) > 7 ? addMonths(monthOf(first), 1) : monthOf(first);
}

/** Monthly totals of the expenses over the given months (zero-filled). */
export function monthlyTotals(expenses: readonly HistoryExpense[], months: string[]): MonthTotal[] {
  const idx = new Map(months.map((m, i) => [m, i]));
  const totals = new Array<number>(months.length).fill(0);
  for (const e of expenses) {
    const i = idx.get(monthOf(e.occurredOn));
    if (i !== undefined) totals[i] += e.amount;
  }
  return months.map((month, i) => ({ month, total: round2(totals[i]) }));
}

/** Spend per day of each month (index 0 = day 1), for the month projection's daily pattern. */
export function dailySpend(expenses: readonly HistoryExpense[], months: string[], upToDay?: { month: string; day: number }): number[][] {
  const out = months.map((m) => new Array<number>(upToDay && upToDay.month === m ? upToDay.day : daysInMonth(m)).fill(0));
  const idx = new Map(months.map((m, i) => [m, i]));
  for (const e of expenses) {
    const i = idx.get(monthOf(e.occurredOn));
    if (i === undefined) continue;
    const d = dayOfMonth(e.occurredOn) - 1;
    if (d < out[i].length) out[i][d] += e.amount;
  }
  return out;
}

/** Months [from, to] clipped to start no earlier than `first`. */
export function monthsBetween(first: string | null, from: string, to: string): string[] {
  if (!first) return [];
  return monthRange(first > from ? first : from, to);
}

/** Expenses within the last `days` days up to and including `asOf`. */
export function withinDays(e: Pick<HistoryExpense, 'occurredOn'>, asOf: string, days: number): boolean {
  const d = dayIndex(e.occurredOn);
  const a = dayIndex(asOf);
  return d <= a && d > a - days;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
