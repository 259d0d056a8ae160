import type { EntityManager } from 'typeorm';
import type { CategoryView } from '@spendguard/contracts';
import { unprocessable } from '@spendguard/server-core';
import { rows } from '@spendguard/server-data';

export interface CategoryRow {
  id: string;
  name: string;
  user_id: string | null;
  is_default: boolean;
}

export function toCategoryView(row: CategoryRow): CategoryView {
  return { id: row.id, name: row.name, isDefault: row.is_default };
}

/** Live categories a customer may use: the tenant's defaults and the customer's own. */
export function visibleCategories(em: EntityManager, tenantId: string, userId: string | null): Promise<CategoryRow[]> {
  return rows<CategoryRow>(
    em,
    `SELECT id, name, user_id, is_default FROM categories
      WHERE tenant_id = $1 AND merged_into_id IS NULL AND (user_id IS NULL OR user_id = $2)
      ORDER BY is_default DESC, lower(name), id`,
    [tenantId, userId],
  );
}

export async function findVisibleCategory(em: EntityManager, tenantId: string, userId: string, id: string): Promise<CategoryRow | null> {
  const [row] = await rows<CategoryRow>(
    em,
    `SELECT id, name, user_id, is_default FROM categories
      WHERE tenant_id = $1 AND id = $2 AND merged_into_id IS NULL AND (user_id IS NULL OR user_id = $3)`,
    [tenantId, id, userId],
  );
  return row ?? null;
}

/** A category id from a request: it must be one of the customer's live categories (422 otherwise). */
export async function requireCategory(em: EntityManager, tenantId: string, userId: string, id: string): Promise<CategoryRow> {
  const row = await findVisibleCategory(em, tenantId, userId, id);
  if (!row) throw unprocessable('categoryId does not refer to one of your categories');
  return row;
}

/**
 * Category ids for names, matched case-insensitively among the customer's live categories (defaults first); names
 * that match nothing become the customer's own categories. Returns lower(name) -> row.
 */
export async function ensureCategoriesByName(
  em: EntityManager,
  tenantId: string,
  userId: string,
  names: Iterable<string>,
): Promise<Map<string, CategoryRow>> {
  const wanted = new Map<string, string>();
  for (const name of names) {
    const trimmed = name.trim().replace(/\s+/g, ' ');
    if (trimmed && !wanted.has(trimmed.toLowerCase())) wanted.set(trimmed.toLowerCase(), trimmed);
  }
  const found = new Map<string, CategoryRow>();
  if (!wanted.size) return found;
  const existing = await visibleCategories(em, tenantId, userId);
  for (const row of existing) {
    const key = row.name.toLowerCase();
    if (wanted.has(key) && !found.has(key)) found.set(key, row);
  }
  const missing = [...wanted.entries()].filter(([key]) => !found.has(key)).map(([, name]) => name);
  if (missing.length) {
    await rows(
      em,
      `INSERT INTO categories (tenant_id, user_id, name, is_default)
       SELECT $1, $2, n, false FROM unnest($3::text[]) AS n
       ON CONFLICT (tenant_id, user_id, lower(name)) WHERE user_id IS NOT NULL AND merged_into_id IS NULL DO NOTHING`,
      [tenantId, userId, missing],
    );
    const created = await rows<CategoryRow>(
      em,
      `SELECT id, name, user_id, is_default FROM categories
        WHERE tenant_id = $1 AND user_id = $2 AND merged_into_id IS NULL AND lower(name) = ANY($3::text[])`,
      [tenantId, userId, missing.map((n) => n.toLowerCase())],
    );
    for (const row of created) found.set(row.name.toLowerCase(), row);
  }
  return found;
}
