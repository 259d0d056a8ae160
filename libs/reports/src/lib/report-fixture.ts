/**
 * Report data from a synthetic ledger (libs/ml's generator), for the CLI's tests, the benchmark and the LibreOffice
 * check: one customer's transactions as base-currency expenses, and budgets at the customer's median monthly spend.
 */
import { generateLedger, type SyntheticTransaction } from '@spendguard/ml';
import { addMonths, deriveAnalytics } from './derive';
import type { BudgetLine, ReportAudience, ReportData, ReportExpense, ReportFinding } from './model';

export interface CsvTransaction {
  txnId: string;
  userId: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  /** Local wall-clock time, optional. */
  timestamp?: string;
  amount: number;
  category: string;
  merchant: string;
  description: string;
}

export function fromSynthetic(t: SyntheticTransaction): CsvTransaction {
  return { txnId: t.txnId, userId: t.userId, date: t.date, timestamp: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description };
}

export function toReportExpense(t: CsvTransaction): ReportExpense {
  const ts = t.timestamp && t.timestamp.length >= 16 ? t.timestamp.slice(0, 19).replace(' ', 'T') : `${t.date}T12:00:00`;
  return {
    id: t.txnId,
    occurredOn: t.date,
    occurredAt: ts.length === 16 ? `${ts}:00` : ts,
    amountCents: Math.round(t.amount * 100),
    category: t.category.trim() || 'Uncategorised',
    merchant: t.merchant || null,
    description: t.description,
  };
}

export interface OfflineReportInput {
  userId: string;
  transactions: readonly CsvTransaction[];
  /** Default: the 12 months up to the last transaction (from the first day of the month 11 months earlier). */
  from?: string;
  to?: string;
  currency?: string;
  locale?: string;
  timezone?: string;
  generatedAt?: string;
  audience?: ReportAudience;
  /** Flagged transactions (e.g. from `npm run analyze`) shown as findings. */
  findings?: ReportFinding[];
  /** Whether the analytics that model spending are derived (default true: a CSV ledger has no consent to check). */
  analysisConsent?: boolean;
}

/**
 * The report data of one user of a CSV ledger: budgets are set per category at the median of its monthly totals
 * before the period (a ledger has no budgets of its own), and findings are what the caller passes.
 */
export function offlineReportData(input: OfflineReportInput): ReportData {
  const mine = input.transactions.filter((t) => t.userId === input.userId);
  if (!mine.length) throw new Error(`No transactions for user ${input.userId}`);
  const history = mine.map(toReportExpense);
  const last = history.reduce((m, e) => (e.occurredOn > m ? e.occurredOn : m), history[0].occurredOn);
  const to = input.to ?? last;
  const from = input.from ?? `${addMonths(to.slice(0, 7), -11)}-01`;
  const analysisConsent = input.analysisConsent ?? true;
  const analytics = deriveAnalytics({ history, from, to, analysis: analysisConsent });
  const budgets = offlineBudgets(history, analytics.months, analytics.monthlyByCategory);
  return {
    customer: { id: input.userId, displayName: input.userId },
    tenant: { name: 'Offline report', currency: input.currency ?? 'USD', locale: input.locale ?? 'en-US', timezone: input.timezone ?? 'UTC' },
    period: { from, to },
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    audience: input.audience ?? 'customer',
    includesPending: false,
    analysisConsent,
    unconvertedExpenses: 0,
    budgets,
    findings: input.findings ?? [],
    ...analytics,
  };
}

function offlineBudgets(history: readonly ReportExpense[], months: string[], monthly: ReportData['monthlyByCategory']): BudgetLine[] {
  const before = new Map<string, Map<string, number>>();
  for (const e of history) {
    if (months.length && e.occurredOn.slice(0, 7) >= months[0]) continue;
    const m = before.get(e.category) ?? new Map<string, number>();
    m.set(e.occurredOn.slice(0, 7), (m.get(e.occurredOn.slice(0, 7)) ?? 0) + e.amountCents);
    before.set(e.category, m);
  }
  const lines: BudgetLine[] = [];
  for (const c of monthly) {
    const totals = [...(before.get(c.category)?.values() ?? [])].sort((a, b) => a - b);
    if (!totals.length) continue;
    const budget = Math.round(totals[Math.floor(totals.length / 2)] / 100) * 100;
    months.forEach((month, i) =>
      lines.push({ month, category: c.category, budgetCents: budget, spentCents: c.cents[i], percentUsed: budget ? Math.round((c.cents[i] * 1000) / budget) / 10 : null }),
    );
  }
  return lines.sort((a, b) => a.month.localeCompare(b.month) || a.category.localeCompare(b.category));
}

/** A synthetic customer's ledger (24 months ending `endDate`) as CSV rows. */
export function syntheticLedger(seed: number | string, endDate = '2026-10-31', months = 24): CsvTransaction[] {
  return generateLedger({ seed, customers: 1, months, endDate }).transactions.map(fromSynthetic);
}
