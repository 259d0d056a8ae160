/**
 * The report's input: plain data for one customer and one period, already scoped (only this customer's rows,
 * only the findings the audience may see). The workbook builder trusts nothing else and reads nothing else.
 * Money is in integer cents of the tenant's base currency, so totals are exact and equal the API's.
 */

/** Who the report is for: the customer (approved findings only) or an operator (may include pending findings). */
export type ReportAudience = 'customer' | 'operator';

export interface ReportExpense {
  id: string;
  /** 'YYYY-MM-DD', tenant-local. */
  occurredOn: string;
  /** Tenant-local wall-clock time 'YYYY-MM-DDTHH:mm:ss' (the date at 12:00 when no time is known). */
  occurredAt: string;
  /** Amount in the tenant's base currency, integer cents. */
  amountCents: number;
  category: string;
  merchant: string | null;
  description: string;
}

export interface BudgetLine {
  /** 'YYYY-MM'. */
  month: string;
  category: string;
  budgetCents: number;
  spentCents: number;
  /** Spent as a percentage of the budget, one decimal (null for a zero budget). */
  percentUsed: number | null;
}

export interface ReportFinding {
  id: string;
  type: string;
  severity: string;
  /** 0..1. */
  score: number;
  status: string;
  title: string;
  message: string;
  /** The analysis' plain-word reasons (anomalies), or a short summary of the evidence. */
  reasons: string[];
  /** ISO timestamp. */
  createdAt: string;
  decidedAt: string | null;
  /** Dismissal reason, when dismissed. */
  dismissReason: string | null;
  /** Expenses the finding is about (anomalies: the flagged expense). */
  expenseIds: string[];
}

export interface ForecastPoint {
  /** 'YYYY-MM'. */
  month: string;
  mean: number;
  lo80: number;
  hi80: number;
}

export interface CategoryForecast {
  category: string;
  model: string;
  lowConfidence: boolean;
  points: ForecastPoint[];
}

export interface DriftShare {
  category: string;
  shareBefore: number;
  shareAfter: number;
  significant: boolean;
}

export interface DriftSummary {
  /** Jensen-Shannon distance and PSI between the reference and the recent window's category shares. */
  js: number;
  psi: number;
  threshold: number;
  alarm: boolean;
  sufficient: boolean;
  severity: string;
  summary: string;
  recent: [string, string];
  reference: [string, string];
  categories: DriftShare[];
}

export interface RecurringCharge {
  merchant: string;
  category: string;
  cadence: string;
  occurrences: number;
  firstDate: string;
  lastDate: string;
  typicalAmount: number;
  lastAmount: number;
  monthlyCost: number;
  nextExpectedDate: string;
  status: string;
}

export interface CategoryGroup {
  /** 1-based group number. */
  group: number;
  /** The member closest to the group's centre. */
  label: string;
  cohesion: number;
  members: Array<{ category: string; spentCents: number; outlier: boolean }>;
}

export interface ReportData {
  customer: { id: string; displayName: string };
  tenant: { name: string; currency: string; locale: string; timezone: string };
  /** Inclusive dates 'YYYY-MM-DD'. */
  period: { from: string; to: string };
  /** ISO timestamp of generation. */
  generatedAt: string;
  audience: ReportAudience;
  /** Whether findings still waiting for review are included (operators only). */
  includesPending: boolean;
  /**
   * Whether the customer has granted analysis consent. Without it the report holds no ML-derived content:
   * `totalForecast` and `drift` are null, `forecasts`, `recurring` and `groups` empty, and the workbook says why.
   */
  analysisConsent: boolean;
  /** The customer's expenses in the period, base currency. */
  expenses: ReportExpense[];
  /** Expenses left out because no exchange rate converts them to the base currency. */
  unconvertedExpenses: number;
  /** 'YYYY-MM' months of the period, in order. */
  months: string[];
  /** Per category: spend per month of `months` (cents). */
  monthlyByCategory: Array<{ category: string; cents: number[] }>;
  budgets: BudgetLine[];
  findings: ReportFinding[];
  /** The total's forecast after the period (with the complete months it was made from). */
  totalForecast: { history: Array<{ month: string; cents: number }>; points: ForecastPoint[]; model: string } | null;
  forecasts: CategoryForecast[];
  drift: DriftSummary | null;
  recurring: RecurringCharge[];
  groups: CategoryGroup[];
}
