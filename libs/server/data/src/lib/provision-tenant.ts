import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DEFAULT_CATEGORIES } from '@spendguard/contracts';
import { conflict } from '@spendguard/server-core';
import { rows } from './sql';
import { resolveTenantId, runInTenant } from './tenant-scope';

export interface ProvisionTenantInput {
  slug: string;
  name: string;
  currency?: string;
  timezone?: string;
  locale?: string;
  admin?: { email: string; passwordHash: string; displayName: string };
}

/**
 * Creates a tenant with its default categories and (optionally) its first admin, in one transaction.
 * Used by `npm run tenant:create` and the demo seed.
 */
export async function provisionTenant(ds: DataSource, input: ProvisionTenantInput): Promise<string> {
  const slug = input.slug.trim().toLowerCase();
  if (await resolveTenantId(ds, slug)) throw conflict(`A tenant with slug "${slug}" already exists`);
  const tenantId = randomUUID();
  await runInTenant(ds, { tenantId }, async (em) => {
    await rows(
      em,
      `INSERT INTO tenants (id, slug, name, currency, timezone, locale) VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, slug, input.name, input.currency ?? 'USD', input.timezone ?? 'UTC', input.locale ?? 'en-US'],
    );
    await rows(
      em,
      `INSERT INTO categories (tenant_id, name, is_default) SELECT $1, unnest($2::text[]), true`,
      [tenantId, [...DEFAULT_CATEGORIES]],
    );
    if (input.admin) {
      await rows(
        em,
        `INSERT INTO users (tenant_id, email, role, display_name, password_hash) VALUES ($1, $2, 'admin', $3, $4)`,
        [tenantId, input.admin.email.trim().toLowerCase(), input.admin.displayName, input.admin.passwordHash],
      );
    }
  });
  return tenantId;
}
