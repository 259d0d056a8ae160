/**
 * Regime shifts injected on top of a customer's normal ledger, for calibrating and evaluating the
 * drift detector (evaluation tooling; not used by the nightly analysis).
 */
import type { Rng } from '../common/rng';
import { categoryOf, DAY_MS, dayNumber, type ExpenseInput } from '../common/transactions';

/**
 * doubled_category doubles the amounts (bigger baskets, a doubled bill); doubled_category_frequency
 * doubles the number of purchases at the usual amounts (twice as many trips) - the same doubling of
 * the category's spend, seen by a different part of the detector.
 */
export type RegimeShift = 'new_recurring_category' | 'doubled_category' | 'doubled_category_frequency';

export interface InjectedShift {
  kind: RegimeShift;
  category: string;
  transactions: ExpenseInput[];
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * new_recurring_category: a weekly charge in a category the customer never used, worth about a quarter
 * of the customer's usual monthly spend, starting within the recent window.
 * doubled_category: every transaction of one of the customer's main categories (>= 8% of spend) in the
 * recent window is doubled.
 * doubled_category_frequency: every such transaction gets a companion purchase at the same merchant on
 * a random day of the recent window, its amount drawn from the category's own earlier amounts.
 */
export function injectRegimeShift(
  transactions: readonly ExpenseInput[],
  kind: RegimeShift,
  rng: Rng,
  asOf: string,
  recentDays = 30,
): InjectedShift {
  const asOfDay = dayNumber(asOf);
  const start = asOfDay - recentDays + 1;
  const history = transactions.filter((t) => dayNumber(t.occurredAt) < start && dayNumber(t.occurredAt) >= start - 180);
  const total = history.reduce((s, t) => s + t.amount, 0);
  const monthly = (total / 180) * 30;
  if (kind === 'new_recurring_category') {
    const used = new Set(transactions.map(categoryOf));
    const options = ['Childcare', 'Loan repayment', 'Gambling', 'Private tuition', 'Car lease'].filter((c) => !used.has(c));
    const category = rng.pick(options.length ? options : ['New category']);
    const weekly = (monthly * 0.25) / 4.3;
    const out: ExpenseInput[] = [...transactions];
    let day = start + rng.int(0, 6);
    let k = 0;
    while (day <= asOfDay) {
      out.push({ id: `shift-${k++}`, occurredAt: `${isoDay(day)}T10:00:00`, amount: Math.round(weekly * (0.95 + 0.1 * rng.next()) * 100) / 100, category, merchant: category.toUpperCase(), description: `${category.toUpperCase()} PAYMENT` });
      day += 7;
    }
    return { kind, category, transactions: out };
  }
  const spend = new Map<string, number>();
  for (const t of history) spend.set(categoryOf(t), (spend.get(categoryOf(t)) ?? 0) + t.amount);
  // a main category (>= 8% of spend) that the customer actually used in the recent window
  const inRecent = (t: ExpenseInput) => dayNumber(t.occurredAt) >= start && dayNumber(t.occurredAt) <= asOfDay;
  const recentCats = new Set(transactions.filter(inRecent).map(categoryOf));
  const major = [...spend.entries()].filter(([c, v]) => v / total >= 0.08 && recentCats.has(c)).map(([c]) => c);
  const category = rng.pick(major.length ? major : [...spend.keys()]);
  if (kind === 'doubled_category_frequency') {
    const pool = history.filter((t) => categoryOf(t) === category).map((t) => t.amount);
    const out: ExpenseInput[] = [...transactions];
    let k = 0;
    for (const t of transactions) {
      if (categoryOf(t) !== category || !inRecent(t)) continue;
      const amount = pool.length ? rng.pick(pool) : t.amount;
      out.push({ ...t, id: `shift-${k++}`, occurredAt: `${isoDay(start + rng.int(0, recentDays - 1))}T12:00:00`, amount });
    }
    return { kind, category, transactions: out };
  }
  const out = transactions.map((t) => (categoryOf(t) === category && inRecent(t) ? { ...t, amount: t.amount * 2 } : t));
  return { kind, category, transactions: out };
}
