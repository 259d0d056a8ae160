import type { Page } from './common';

/** A category as a customer sees it: the tenant's defaults plus the customer's own. */
export interface CategoryView {
  id: string;
  name: string;
  isDefault: boolean;
}

export interface CreateCategoryRequest {
  name: string;
}

export interface RenameCategoryRequest {
  name: string;
}

export interface MergeCategoryRequest {
  intoId: string;
}

export interface MergeCategoryResult {
  /** The category everything now belongs to. */
  into: CategoryView;
  /** Expenses moved (each got a revision). */
  movedExpenses: number;
  /** Budgets moved or added into the target's budget for the same period. */
  movedBudgets: number;
}

/**
 * Money travels as a decimal string with two decimals in responses ("12.30"); requests accept a string or a
 * number. Positive amounts are spending; a refund is stored as a negative amount.
 */
export type MoneyInput = string | number;

export type ExpenseSource = 'manual' | 'import' | 'api' | 'seed';

export interface ExpenseView {
  id: string;
  /** `YYYY-MM-DD` when no time of day is known, otherwise an ISO 8601 timestamp (UTC, `Z`). */
  occurredAt: string;
  /** The local calendar date in the tenant's time zone, always `YYYY-MM-DD`. */
  occurredOn: string;
  amount: string;
  currency: string;
  description: string;
  merchant: string | null;
  categoryId: string | null;
  category: string | null;
  notes: string | null;
  /** True when the amount is a refund (stored negative). */
  refund: boolean;
  source: ExpenseSource;
  externalId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateExpenseRequest {
  /** `YYYY-MM-DD` (a local date) or an ISO 8601 timestamp with an offset. */
  occurredAt: string;
  amount: MoneyInput;
  currency?: string;
  description: string;
  merchant?: string | null;
  categoryId?: string | null;
  /** A category name, matched case-insensitively; created as the customer's own category when new. */
  category?: string | null;
  notes?: string | null;
  /** Record a refund: the amount is stored as negative. */
  refund?: boolean;
}

export interface UpdateExpenseRequest extends Partial<CreateExpenseRequest> {
  /** The version the change is based on; a stale version is refused with 409. */
  version: number;
}

export const EXPENSE_SORTS = ['-occurredAt', 'occurredAt', '-amount', 'amount'] as const;
export type ExpenseSort = (typeof EXPENSE_SORTS)[number];

export interface ExpenseFilters {
  /** Inclusive local dates `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  categoryId?: string;
  /** Full-text search over description and merchant (word prefixes). */
  q?: string;
  minAmount?: string;
  maxAmount?: string;
  currency?: string;
}

export interface ExpenseListQuery extends ExpenseFilters {
  sort?: ExpenseSort;
  limit?: number;
  cursor?: string;
}

export type ExpensePage = Page<ExpenseView>;

export interface ExpenseRevisionView {
  at: string;
  /** Who made the change; null for system changes. */
  actorId: string | null;
  action: 'created' | 'updated' | 'deleted' | 'category_merged' | string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const BATCH_MAX_ITEMS = 5000;

export interface BatchExpenseItem extends CreateExpenseRequest {
  /** The client's idempotency key, unique per customer. */
  externalId: string;
}

export interface BatchExpenseRequest {
  items: BatchExpenseItem[];
}

export interface BatchExpenseResult {
  created: number;
  duplicates: number;
  /** Indexes (into `items`) of the items that were already there (same externalId). */
  duplicateIndexes: number[];
  failed: Array<{ index: number; message: string }>;
}

/** Column mapping for CSV imports; every value names a header of the file. Missing parts are auto-detected. */
export interface CsvImportMapping {
  date?: string;
  /** A separate time-of-day column (local wall-clock time in the tenant's zone). */
  time?: string;
  /** One column, or several tried in order (the first non-empty value wins). */
  description?: string | string[];
  merchant?: string;
  /** A single signed or unsigned amount column... */
  amount?: string;
  /** ...or separate debit (money out) and credit (money in) columns. */
  debit?: string;
  credit?: string;
  /** A column telling debits from credits (debit/credit, expense/income, DR/CR, withdrawal/deposit). */
  type?: string;
  category?: string;
  currency?: string;
  /** e.g. `YYYY-MM-DD`, `DD/MM/YYYY`, `MM/DD/YYYY`, `DD.MM.YYYY`; detected when absent. */
  dateFormat?: string;
  /** Decimal separator; detected when absent. */
  decimal?: '.' | ',';
  /** Field delimiter; detected when absent. */
  delimiter?: ',' | ';' | '\t' | '|';
  /** For a single amount column without a type column: which sign is spending (detected when absent). */
  amountSign?: 'debitPositive' | 'debitNegative';
  /** Import credits (money in) as refunds, i.e. negative amounts. Otherwise credits are skipped. */
  refunds?: boolean;
  /** Currency for rows without one (defaults to the tenant's base currency). */
  defaultCurrency?: string;
}

export interface CsvImportPreviewRow {
  line: number;
  occurredOn: string;
  occurredAt: string;
  amount: string;
  currency: string;
  description: string;
  merchant: string | null;
  category: string | null;
  duplicate: boolean;
}

export interface CsvImportResult {
  /** Data rows in the file (the header excluded). */
  rows: number;
  /** Rows that are well-formed expenses (duplicates included). */
  valid: number;
  invalid: number;
  /** Valid rows matching an existing expense or an earlier row of the file (same date, amount and description). */
  duplicates: number;
  /** Credits (unless mapped as refunds) and transfers, which are not spending. */
  skipped: number;
  created: number;
  committed: boolean;
  dryRun: boolean;
  errors: Array<{ line: number; message: string }>;
  preview: CsvImportPreviewRow[];
  /** Category names in the file that match no existing category (created on commit). */
  newCategories: string[];
  mapping: CsvImportMapping;
}
