/**
 * SpendSense-style behaviour signals over 30- and 180-day windows, restricted to what expenses alone
 * support (no balances, income or credit lines): recurring charges, subscription share, volatility,
 * concentration, merchant breadth.
 */
import { categoryOf, dayNumber, type ExpenseInput } from '../common/transactions';
import { mean, std } from '../common/stats';
import { detectRecurring, type RecurringSeries } from '../recurring/detect';

export interface WindowSignals {
  days: number;
  totalSpend: number;
  transactionCount: number;
  averageTransaction: number;
  /** Recurring series active in the window. */
  recurringMerchantCount: number;
  /** Sum of the active recurring series' monthly costs. */
  monthlyRecurringSpend: number;
  /** Recurring spend in the window / total spend in the window. */
  subscriptionShare: number;
  /** Coefficient of variation of weekly spend. */
  spendVolatility: number;
  /** Herfindahl index of category spend shares (1 = one category). */
  categoryConcentration: number;
  topCategory: string | null;
  topCategoryShare: number;
  distinctMerchants: number;
  /** Share of spend in the single largest transaction. */
  largestTransactionShare: number;
}

export interface BehaviourSignals {
  asOf: string;
  windows: Record<string, WindowSignals>;
  recurring: RecurringSeries[];
}

export function behaviourSignals(transactions: readonly ExpenseInput[], options: { asOf?: string | Date; windows?: number[] } = {}): BehaviourSignals {
  const spend = transactions.filter((t) => t.amount > 0);
  const asOf = options.asOf !== undefined ? dayNumber(options.asOf) : spend.reduce((m, t) => Math.max(m, dayNumber(t.occurredAt)), 0);
  const history = spend.filter((t) => dayNumber(t.occurredAt) <= asOf);
  const recurring = detectRecurring(history, { asOf: new Date(asOf * 86_400_000) });
  const recurringIds = new Set(recurring.flatMap((r) => r.transactionIds));
  const windows: Record<string, WindowSignals> = {};
  for (const days of options.windows ?? [30, 180]) {
    const start = asOf - days + 1;
    const w = history.filter((t) => dayNumber(t.occurredAt) >= start);
    const total = w.reduce((s, t) => s + t.amount, 0);
    const active = recurring.filter((r) => r.status !== 'stopped' && dayNumber(r.lastDate) >= start);
    const recurringInWindow = w.filter((t) => recurringIds.has(t.id)).reduce((s, t) => s + t.amount, 0);
    const weeks = Math.max(1, Math.floor(days / 7));
    const weekly = new Float64Array(weeks);
    for (const t of w) {
      const k = Math.floor((asOf - dayNumber(t.occurredAt)) / 7);
      if (k < weeks) weekly[k] += t.amount;
    }
    const byCat = new Map<string, number>();
    for (const t of w) byCat.set(categoryOf(t), (byCat.get(categoryOf(t)) ?? 0) + t.amount);
    let hhi = 0;
    let top: string | null = null;
    let topV = 0;
    for (const [c, v] of byCat) {
      const sh = total > 0 ? v / total : 0;
      hhi += sh * sh;
      if (v > topV) [top, topV] = [c, v];
    }
    const m = mean(weekly);
    windows[`${days}d`] = {
      days,
      totalSpend: total,
      transactionCount: w.length,
      averageTransaction: w.length ? total / w.length : 0,
      recurringMerchantCount: new Set(active.map((r) => r.key)).size,
      monthlyRecurringSpend: active.reduce((s, r) => s + r.monthlyCost, 0),
      subscriptionShare: total > 0 ? recurringInWindow / total : 0,
      spendVolatility: m > 0 ? std(weekly) / m : 0,
      categoryConcentration: hhi,
      topCategory: top,
      topCategoryShare: total > 0 ? topV / total : 0,
      distinctMerchants: new Set(w.map((t) => (t.merchant ?? t.description).toLowerCase())).size,
      largestTransactionShare: total > 0 ? Math.max(...w.map((t) => t.amount)) / total : 0,
    };
  }
  return { asOf: new Date(asOf * 86_400_000).toISOString().slice(0, 10), windows, recurring };
}
