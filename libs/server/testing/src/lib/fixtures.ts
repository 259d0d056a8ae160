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
