import type { EntityManager } from 'typeorm';
import { notFound } from '@spendguard/server-core';
import { rows } from '@spendguard/server-data';

export interface TenantContext {
  /** ISO 4217 base currency: the default for expenses, the currency of budgets and analysis. */
  currency: string;
  /** IANA zone that turns timestamps into local dates. */
  timezone: string;
  locale: string;
}

/** The tenant settings that money and dates depend on, read inside the unit of work (they may change). */
export async function loadTenantContext(em: EntityManager, tenantId: string): Promise<TenantContext> {
  const [row] = await rows<TenantContext>(em, `SELECT currency, timezone, locale FROM tenants WHERE id = $1`, [tenantId]);
  if (!row) throw notFound('Tenant');
  return row;
}

/**
 * Serialises writes that must see each other (duplicate detection, idempotent batches, category creation) for one
 * customer, for the rest of the transaction. Other customers are not blocked.
 */
export async function lockCustomer(em: EntityManager, tenantId: string, userId: string): Promise<void> {
  await rows(em, `SELECT pg_advisory_xact_lock(hashtextextended($1, 42))`, [`expenses:${tenantId}:${userId}`]);
}
