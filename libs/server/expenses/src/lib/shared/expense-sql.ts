import type { EntityManager } from 'typeorm';
import type { ExpenseFilters, ExpenseSort, ExpenseView } from '@spendguard/contracts';
import { decodeCursor, encodeCursor, invalid } from '@spendguard/server-core';
import { rows } from '@spendguard/server-data';
import { parseMoney, toCents } from '../domain/money';
import { toPrefixTsQuery } from '../domain/search';

/** Columns of an expense view, joined with its category's name. */
export const EXPENSE_COLUMNS = `e.id, e.occurred_on::text AS occurred_on, e.occurred_at, e.amount::text AS amount, e.currency,
  e.description, e.merchant, e.category_id, c.name AS category, e.notes, e.source, e.external_id, e.version, e.created_at, e.updated_at`;

export const EXPENSE_FROM = `expenses e LEFT JOIN categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id`;

export interface ExpenseRow {
  id: string;
  occurred_on: string;
  occurred_at: Date | null;
  amount: string;
  currency: string;
  description: string;
  merchant: string | null;
  category_id: string | null;
  category: string | null;
  notes: string | null;
  source: ExpenseView['source'];
  external_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function toExpenseView(row: ExpenseRow): ExpenseView {
  return {
    id: row.id,
    occurredAt: row.occurred_at ? row.occurred_at.toISOString() : row.occurred_on,
    occurredOn: row.occurred_on,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    merchant: row.merchant,
    categoryId: row.category_id,
    category: row.category,
    notes: row.notes,
    refund: row.amount.startsWith('-'),
    source: row.source,
    externalId: row.external_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The editable state of an expense as JSON, for revisions (the same shape whichever path wrote it). */
export const snapshotSql = (a: string) => `jsonb_build_object(
  'occurredOn', ${a}.occurred_on::text,
  'occurredAt', to_char(${a}.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'amount', ${a}.amount::text,
  'currency', ${a}.currency,
  'description', ${a}.description,
  'merchant', ${a}.merchant,
  'categoryId', ${a}.category_id,
  'notes', ${a}.notes)`;

export async function loadExpense(em: EntityManager, tenantId: string, userId: string, id: string): Promise<ExpenseRow | null> {
  const [row] = await rows<ExpenseRow>(
    em,
    `SELECT ${EXPENSE_COLUMNS} FROM ${EXPENSE_FROM} WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.id = $3`,
    [tenantId, userId, id],
  );
  return row ?? null;
}

export interface NewExpenseRow {
  /** Known local date, or null to derive it from `instant` / `localTime` in the tenant's zone. */
  occurredOn: string | null;
  /** An exact instant (ISO 8601 with offset). */
  instant: string | null;
  /** A local wall-clock timestamp `YYYY-MM-DD HH:MM:SS` in the tenant's zone. */
  localTime: string | null;
  amount: string;
  currency: string;
  description: string;
  merchant: string | null;
  categoryId: string | null;
  notes: string | null;
  externalId: string | null;
}

/**
 * Inserts many expenses with one statement. Their `created` revision is not written here: the row records who created
 * it and when, history derives the creation from it, and the database writes the revision when the expense first
 * changes (migration ExpenseCreationOnDemand). Rows whose externalId already exists for the customer are left out
 * (ON CONFLICT DO NOTHING).
 * Returns the inserted rows' ids and external ids, in no particular order.
 */
export async function insertExpenses(
  em: EntityManager,
  scope: { tenantId: string; userId: string; actorId: string | null; timezone: string },
  source: 'manual' | 'import' | 'api',
  items: readonly NewExpenseRow[],
): Promise<Array<{ id: string; external_id: string | null }>> {
  if (!items.length) return [];
  const col = <K extends keyof NewExpenseRow>(k: K) => items.map((i) => i[k]);
  return rows<{ id: string; external_id: string | null }>(
    em,
    `WITH d AS (
       SELECT * FROM unnest($5::date[], $6::timestamptz[], $7::timestamp[], $8::numeric[], $9::text[], $10::text[], $11::text[], $12::uuid[], $13::text[], $14::text[])
         AS d(occurred_on, instant, local_time, amount, currency, description, merchant, category_id, notes, external_id)
     )
       INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, notes, source, external_id, created_by)
       SELECT $1, $2,
              coalesce(d.occurred_on, (d.instant AT TIME ZONE $4)::date, d.local_time::date),
              coalesce(d.instant, d.local_time AT TIME ZONE $4),
              d.amount, d.currency, d.description, d.merchant, d.category_id, d.notes, $15, d.external_id, $3
         FROM d
       ON CONFLICT (tenant_id, user_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
       RETURNING id, external_id`,
    [
      scope.tenantId,
      scope.userId,
      scope.actorId,
      scope.timezone,
      col('occurredOn'),
      col('instant'),
      col('localTime'),
      col('amount'),
      col('currency'),
      col('description'),
      col('merchant'),
      col('categoryId'),
      col('notes'),
      col('externalId'),
      source,
    ],
  );
}

// ---- lists ----------------------------------------------------------------------------------------------------

export interface ListSpec {
  tenantId: string;
  userId: string;
  filters: ExpenseFilters;
  sort?: ExpenseSort;
  limit: number;
  cursor?: string;
}

interface SortSpec {
  column: string;
  cast: string;
  desc: boolean;
  value: (row: ExpenseRow) => string;
}

const SORTS: Record<ExpenseSort, SortSpec> = {
  '-occurredAt': { column: 'e.occurred_on', cast: 'date', desc: true, value: (r) => r.occurred_on },
  occurredAt: { column: 'e.occurred_on', cast: 'date', desc: false, value: (r) => r.occurred_on },
  // amount_cents, not amount: see ExpenseListIndexes (leakproof comparisons under row-level security)
  '-amount': { column: 'e.amount_cents', cast: 'bigint', desc: true, value: (r) => String(toCents(r.amount)) },
  amount: { column: 'e.amount_cents', cast: 'bigint', desc: false, value: (r) => String(toCents(r.amount)) },
};

/** WHERE clauses for the filters of API.md (shared by the customer's list, the operator view and the export). */
export function filterClauses(tenantId: string, userId: string, f: ExpenseFilters): { where: string[]; params: unknown[] } {
  const where = ['e.tenant_id = $1', 'e.user_id = $2'];
  const params: unknown[] = [tenantId, userId];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.from) add((p) => `e.occurred_on >= ${p}::date`, f.from);
  if (f.to) add((p) => `e.occurred_on <= ${p}::date`, f.to);
  if (f.from && f.to && f.from > f.to) throw invalid('from must not be after to');
  if (f.categoryId) add((p) => `e.category_id = ${p}::uuid`, f.categoryId);
  if (f.currency) add((p) => `e.currency = ${p}`, f.currency);
  if (f.minAmount !== undefined) add((p) => `e.amount_cents >= ${p}::bigint`, cents(f.minAmount, 'minAmount'));
  if (f.maxAmount !== undefined) add((p) => `e.amount_cents <= ${p}::bigint`, cents(f.maxAmount, 'maxAmount'));
  if (f.q) {
    const query = toPrefixTsQuery(f.q);
    // through the GIN index (see ExpenseListIndexes); the policies still apply to the rows returned
    if (query) add((p) => `e.id IN (SELECT app_expense_search($2::uuid, to_tsquery('simple', ${p})))`, query);
  }
  return { where, params };
}

/**
 * A text search's page and total in one statement: the matching rows are found once (one pass over the GIN index,
 * materialised with their sort key) and both counted and paged from there; only the page's rows are then read in
 * full, instead of searching the index again for the total or reading every match twice.
 */
async function searchPage(
  em: EntityManager,
  spec: ListSpec,
  sort: SortSpec,
  countWhere: string[],
  params: unknown[],
  keyset: ((key: string, id: string) => string) | null,
): Promise<ExpensePageResult> {
  const dir = sort.desc ? 'DESC' : 'ASC';
  const found = await rows<ExpenseRow & { total: number }>(
    em,
    `WITH f AS MATERIALIZED (SELECT e.id, ${sort.column} AS k FROM expenses e WHERE ${countWhere.join(' AND ')})
     SELECT t.total, p.* FROM (SELECT count(*)::int AS total FROM f) t
       LEFT JOIN LATERAL (
         SELECT ${EXPENSE_COLUMNS}
           FROM (SELECT id, k FROM f${keyset ? ` WHERE ${keyset('k', 'id')}` : ''} ORDER BY k ${dir}, id ${dir} LIMIT $${params.length}) top
           JOIN ${EXPENSE_FROM} ON e.tenant_id = $1 AND e.user_id = $2 AND e.id = top.id
          ORDER BY top.k ${dir}, top.id ${dir}
       ) p ON true`,
    params,
  );
  const total = found[0]?.total ?? 0;
  const pageRows = found.filter((r) => r.id !== null);
  const page = pageRows.slice(0, spec.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toExpenseView),
    nextCursor: pageRows.length > spec.limit && last ? encodeCursor([sort.value(last), last.id]) : null,
    total,
  };
}

function cents(value: string, field: string): string {
  const parsed = parseMoney(value, field);
  if (!parsed.ok) throw invalid(parsed.message);
  return parsed.cents.toString();
}

export interface ExpensePageResult {
  items: ExpenseView[];
  nextCursor: string | null;
  total?: number;
}

/** One keyset page: sort key + id, so pages never skip or repeat rows while the list changes. */
export async function listExpenses(em: EntityManager, spec: ListSpec, withTotal = true): Promise<ExpensePageResult> {
  const sort = SORTS[spec.sort ?? '-occurredAt'];
  const { where, params } = filterClauses(spec.tenantId, spec.userId, spec.filters);
  const countWhere = [...where];
  const countParams = [...params];
  let keyset: ((key: string, id: string) => string) | null = null;
  if (spec.cursor) {
    const [key, id] = decodeCursor(spec.cursor, 2);
    if (typeof key !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw invalid('cursor is not valid; pass the nextCursor of the previous page');
    }
    params.push(key, id);
    const op = sort.desc ? '<' : '>';
    const [keyParam, idParam] = [params.length - 1, params.length];
    keyset = (k, i) => `(${k}, ${i}) ${op} ($${keyParam}::${sort.cast}, $${idParam}::uuid)`;
    where.push(keyset(sort.column, 'e.id'));
  }
  params.push(spec.limit + 1);
  const dir = sort.desc ? 'DESC' : 'ASC';
  if (withTotal && spec.filters.q) return searchPage(em, spec, sort, countWhere, params, keyset);
  const found = await rows<ExpenseRow>(
    em,
    `SELECT ${EXPENSE_COLUMNS} FROM ${EXPENSE_FROM} WHERE ${where.join(' AND ')}
      ORDER BY ${sort.column} ${dir}, e.id ${dir} LIMIT $${params.length}`,
    params,
  );
  const page = found.slice(0, spec.limit);
  const last = page[page.length - 1];
  const result: ExpensePageResult = {
    items: page.map(toExpenseView),
    nextCursor: found.length > spec.limit && last ? encodeCursor([sort.value(last), last.id]) : null,
  };
  if (withTotal) {
    const [{ total }] = await rows<{ total: number }>(
      em,
      `SELECT count(*)::int AS total FROM expenses e WHERE ${countWhere.join(' AND ')}`,
      countParams,
    );
    result.total = total;
  }
  return result;
}
