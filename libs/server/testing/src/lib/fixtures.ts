import type { DataSource } from 'typeorm';
import type { LoginResponse, Role } from '@spendguard/contracts';
import { hashPassword } from '@spendguard/server-core';
import { provisionTenant, rows, runInTenant } from '@spendguard/server-data';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'Correct-Horse-9';

let cheapHash: Promise<string> | null = null;
/** Fixture accounts use a low bcrypt cost to keep tests quick; the app verifies any cost. */
function fixtureHash(password: string): Promise<string> {
  if (password !== TEST_PASSWORD) return hashPassword(password, 4);
  cheapHash ??= hashPassword(TEST_PASSWORD, 4);
  return cheapHash;
}

export async function createTenant(
  owner: DataSource,
  slug: string,
  options: { currency?: string; timezone?: string; locale?: string } = {},
): Promise<string> {
  return provisionTenant(owner, { slug, name: `${slug} tenant`, ...options });
}

export async function createUser(
  owner: DataSource,
  tenantId: string,
  input: { email: string; role: Role; displayName?: string; password?: string },
): Promise<string> {
  const hash = await fixtureHash(input.password ?? TEST_PASSWORD);
  return runInTenant(owner, { tenantId }, async (em) => {
    const [row] = await rows<{ id: string }>(
      em,
      `INSERT INTO users (tenant_id, email, role, display_name, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [tenantId, input.email, input.role, input.displayName ?? input.email.split('@')[0], hash],
    );
    if (input.role === 'customer') {
      await rows(em, `INSERT INTO consents (tenant_id, user_id, analysis_granted) VALUES ($1, $2, false)`, [tenantId, row.id]);
    }
    return row.id;
  });
}

export async function login(t: TestApp, tenant: string, email: string, password = TEST_PASSWORD): Promise<LoginResponse> {
  const res = await t.http().post('/api/auth/login').send({ tenant, email, password });
  if (res.status !== 200) throw new Error(`login of ${email}@${tenant} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as LoginResponse;
}

export interface TenantFixture {
  tenantId: string;
  slug: string;
  users: Record<Role, { id: string; email: string; token: string }>;
}

/** A tenant with one user of each role, all signed in. */
export async function tenantWithEveryRole(t: TestApp, slug: string): Promise<TenantFixture> {
  const tenantId = await createTenant(t.owner, slug);
  const users = {} as TenantFixture['users'];
  for (const role of ['customer', 'reviewer', 'supervisor', 'admin'] as const) {
    const email = `${role}@${slug}.test`;
    const id = await createUser(t.owner, tenantId, { email, role });
    users[role] = { id, email, token: (await login(t, slug, email)).accessToken };
  }
  return { tenantId, slug, users };
}

/**
 * Plants a realistic synthetic history (libs/ml ledger generator) for one customer, with categories mapped
 * to the tenant's defaults. Returns the generated transactions with their expense ids.
 */
export async function plantLedger(
  owner: DataSource,
  tenantId: string,
  userId: string,
  options: { seed: number | string; months?: number; endDate: string; timezone?: string; currency?: string },
): Promise<Array<{ id: string; amount: number; category: string; anomaly: string | null; date: string }>> {
  const { generateLedger } = await import('@spendguard/ml');
  const ledger = generateLedger({ seed: options.seed, customers: 1, months: options.months ?? 24, endDate: options.endDate });
  return runInTenant(owner, { tenantId }, async (em) => {
    const cats = new Map(
      (await rows<{ id: string; name: string }>(em, `SELECT id, name FROM categories WHERE tenant_id = $1 AND user_id IS NULL`, [tenantId])).map(
        (c) => [c.name, c.id],
      ),
    );
    const t = ledger.transactions;
    const inserted = await rows<{ id: string; external_id: string }>(
      em,
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source, external_id)
       SELECT $1, $2, d.on_date::date, (d.local_ts::timestamp AT TIME ZONE $3), d.amount::numeric, $4, d.description, d.merchant, d.category_id::uuid, 'seed', d.external_id
         FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS d(on_date, local_ts, amount, description, merchant, category_id, external_id)
       RETURNING id, external_id`,
      [
        tenantId,
        userId,
        options.timezone ?? 'UTC',
        options.currency ?? 'USD',
        t.map((x) => x.date),
        t.map((x) => x.occurredAt),
        t.map((x) => x.amount.toFixed(2)),
        t.map((x) => x.description),
        t.map((x) => x.merchant),
        t.map((x) => cats.get(x.category) ?? null),
        t.map((x) => `ledger:${x.txnId}`),
      ],
    );
    const ids = new Map(inserted.map((r) => [r.external_id, r.id]));
    return t.map((x) => ({ id: ids.get(`ledger:${x.txnId}`)!, amount: x.amount, category: x.category, anomaly: x.anomaly, date: x.date }));
  });
}

export async function setConsent(owner: DataSource, tenantId: string, userId: string, granted: boolean): Promise<void> {
  await runInTenant(owner, { tenantId }, (em) =>
    rows(
      em,
      `INSERT INTO consents (tenant_id, user_id, analysis_granted, granted_at) VALUES ($1, $2, $3, CASE WHEN $3 THEN now() END)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET analysis_granted = $3,
         granted_at = CASE WHEN $3 THEN now() ELSE consents.granted_at END,
         revoked_at = CASE WHEN $3 THEN consents.revoked_at ELSE now() END`,
      [tenantId, userId, granted],
    ),
  );
}
