/**
 * The analysis engine's findings, before they are stored: plain data, no framework. The per-customer job
 * runs libs/ml and hands the results to `buildFindings`, which decides what deserves a person's review.
 */
import type { FindingSeverity, FindingType } from '@spendguard/contracts';

/** One expense of the customer's history, amounts converted to the tenant's base currency. */
export interface HistoryExpense {
  id: string;
  /** Local wall-clock time 'YYYY-MM-DDTHH:mm:ss' (or the date at 12:00 when no time is known). */
  occurredAt: string;
  /** 'YYYY-MM-DD' local date. */
  occurredOn: string;
  /** Base-currency amount as a number (analysis only; stored money stays NUMERIC). */
  amount: number;
  /** Original amount and currency as stored, for messages ("EUR 12.30"). */
  originalAmount: string;
  currency: string;
  category: string | null;
  categoryId: string | null;
  merchant: string | null;
  description: string;
}

export interface BudgetLine {
  categoryId: string;
  category: string;
  /** Budget for the month being assessed, base currency. */
  amount: number;
}

export interface FindingContext {
  tenantCurrency: string;
  tenantLocale: string;
  /** 'YYYY-MM-DD' local date the analysis runs for (its "today"). */
  asOf: string;
  customerId: string;
  customerName: string;
}

/** A finding the analysis proposes; the engine stores it unless its fingerprint or pattern says otherwise. */
export interface FindingDraft {
  type: FindingType;
  severity: FindingSeverity;
  /** 0..1, higher = more urgent/certain; used for ordering the queue. */
  score: number;
  /** Customer-facing, plain language, no blame. */
  title: string;
  message: string;
  /**
   * Identity of the finding: (customer, type, subject). A rerun never stores a second open finding with
   * the same fingerprint and never recreates a dismissed one. Example: `anomaly:expense:<expenseId>`,
   * `forecast_overrun:<categoryId>:2026-11`, `drift:2026-11`, `recurring_change:<merchant-key>:new`.
   */
  fingerprint: string;
  /**
   * The broader pattern a dismissal with reason "expected" teaches: e.g. `anomaly:merchant:<merchant-key>:amount`,
   * `recurring_change:<merchant-key>:price_rise`. Findings whose pattern the customer's reviewers marked
   * expected are not raised again.
   */
  pattern: string;
  /** The main thing it is about, for suppression rules (issue 7): merchant and category when known. */
  subject: { merchant?: string | null; categoryId?: string | null; category?: string | null; expenseIds?: string[] };
  /** Everything a reviewer needs to judge it: transactions, series, forecast and interval, drift breakdown. */
  evidence: Record<string, unknown>;
}
