/** The framework-free expense shape the analysis functions take (the server maps its entities to it). */
export interface ExpenseInput {
  id: string;
  /** ISO string (local wall-clock or with offset) or Date. */
  occurredAt: string | Date;
  /** Positive spend amount. */
  amount: number;
  category: string | null;
  merchant: string | null;
  description: string;
}

export const DAY_MS = 86_400_000;

/** Milliseconds since epoch, reading an offset-less ISO string as UTC wall-clock (consistent day arithmetic). */
export function timeOf(value: string | Date): number {
  if (value instanceof Date) return value.getTime();
  const s = /[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`;
  const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  if (!Number.isFinite(t)) throw new Error(`invalid date: ${String(value)}`);
  return t;
}

/** Whole days since epoch (UTC). */
export function dayNumber(value: string | Date): number {
  return Math.floor(timeOf(value) / DAY_MS);
}

export function categoryOf(t: { category: string | null }): string {
  return t.category && t.category.trim() ? t.category.trim() : 'Uncategorised';
}
