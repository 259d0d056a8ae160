/**
 * Validation of one expense payload as plain data, shared by the batch route (per-item errors instead of one 400)
 * and the service. The single-expense routes validate the same rules with class-validator first.
 */
import { isIsoCurrency as isCurrencyCode } from './currency';
import { Occurred, parseOccurred } from './dates';
import { checkExpenseAmount } from './money';
import { normaliseDescription } from './duplicates';

export const LIMITS = { description: 500, merchant: 200, notes: 2000, category: 80, externalId: 200 } as const;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ExpenseDraft {
  occurred: Occurred;
  /** Signed, two decimals: negative for refunds. */
  amount: string;
  refund: boolean;
  /** null: the tenant's base currency. */
  currency: string | null;
  description: string;
  merchant: string | null;
  categoryId: string | null;
  categoryName: string | null;
  notes: string | null;
  externalId: string | null;
}

export type DraftResult = { ok: true; draft: ExpenseDraft } | { ok: false; message: string };

const KNOWN_FIELDS = new Set(['occurredAt', 'amount', 'currency', 'description', 'merchant', 'categoryId', 'category', 'notes', 'refund', 'externalId']);

function optionalText(value: unknown, field: string, max: number, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push(`${field} must be a string`);
    return null;
  }
  const v = normaliseDescription(value);
  if (v.length > max) problems.push(`${field} must be at most ${max} characters`);
  return v || null;
}

/** Checks one expense object; `requireExternalId` for batch items. */
export function checkExpenseInput(input: unknown, options: { requireExternalId: boolean }): DraftResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, message: 'item must be an object' };
  const o = input as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(o).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length) problems.push(`unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);

  const occurred = parseOccurred(o['occurredAt']);
  if (!occurred.ok) problems.push(occurred.message);

  if (o['refund'] !== undefined && typeof o['refund'] !== 'boolean') problems.push('refund must be true or false');
  const refund = o['refund'] === true;
  const amount = o['amount'] === undefined ? ({ ok: false, message: 'amount is required' } as const) : checkExpenseAmount(o['amount'], refund);
  if (!amount.ok) problems.push(amount.message);

  let currency: string | null = null;
  if (o['currency'] !== undefined && o['currency'] !== null) {
    if (!isCurrencyCode(o['currency'])) problems.push('currency must be an ISO 4217 currency code such as USD or EUR');
    else currency = o['currency'];
  }

  let description = '';
  if (typeof o['description'] !== 'string' || !normaliseDescription(o['description'])) problems.push('description is required');
  else {
    description = normaliseDescription(o['description']);
    if (description.length > LIMITS.description) problems.push(`description must be at most ${LIMITS.description} characters`);
  }
  const merchant = optionalText(o['merchant'], 'merchant', LIMITS.merchant, problems);
  const notes = optionalText(o['notes'], 'notes', LIMITS.notes, problems);
  const categoryName = optionalText(o['category'], 'category', LIMITS.category, problems);

  let categoryId: string | null = null;
  if (o['categoryId'] !== undefined && o['categoryId'] !== null) {
    if (typeof o['categoryId'] !== 'string' || !UUID_RE.test(o['categoryId'])) problems.push('categoryId must be a UUID');
    else categoryId = o['categoryId'].toLowerCase();
  }
  if (categoryId && categoryName) problems.push('send either categoryId or category, not both');

  let externalId: string | null = null;
  if (o['externalId'] !== undefined && o['externalId'] !== null) {
    if (typeof o['externalId'] !== 'string' || !o['externalId'].trim()) problems.push('externalId must be a non-empty string');
    else if (o['externalId'].length > LIMITS.externalId) problems.push(`externalId must be at most ${LIMITS.externalId} characters`);
    else externalId = o['externalId'];
  } else if (options.requireExternalId) {
    problems.push('externalId is required');
  }

  if (problems.length || !occurred.ok || !amount.ok) return { ok: false, message: problems.join('; ') };
  const { ok: _ok, ...when } = occurred;
  return {
    ok: true,
    draft: {
      occurred: when as Occurred,
      amount: amount.value,
      refund: amount.refund,
      currency,
      description,
      merchant,
      categoryId,
      categoryName,
      notes,
      externalId,
    },
  };
}
