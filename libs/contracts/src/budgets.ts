export interface PutBudgetRequest {
  categoryId: string;
  /** `YYYY-MM` for a one-month override; absent or null for the recurring monthly budget. */
  month?: string | null;
  amount: string | number;
}

export interface BudgetView {
  id: string;
  categoryId: string;
  category: string;
  /** `YYYY-MM`, or null for the recurring monthly budget. */
  month: string | null;
  amount: string;
  /** Budgets are in the tenant's base currency. */
  currency: string;
}

export interface BudgetListView {
  items: BudgetView[];
}

export interface BudgetStatusItem {
  categoryId: string;
  category: string;
  budget: string;
  /** Spending of the month in the base currency (refunds subtracted). */
  spent: string;
  remaining: string;
  /** Percent of the budget used, one decimal; null when the budget is zero. */
  percentUsed: number | null;
  /** Projected spending at the end of the month and its 80% interval; null when nothing can be projected. */
  projected: string | null;
  projectedLow: string | null;
  projectedHigh: string | null;
}

export interface BudgetStatusView {
  month: string;
  currency: string;
  daysInMonth: number;
  daysElapsed: number;
  daysLeft: number;
  /** Which projection produced `projected*` (for example `pace`). */
  projectionMethod: string;
  items: BudgetStatusItem[];
  /** Currencies spent in that month without an FX rate at or before the month (left out of `spent`). */
  missingRates: Array<{ currency: string; month: string }>;
}
