import type { EntityManager } from 'typeorm';
import type { Role, UserView } from '@spendguard/contracts';
import { conflict } from '@spendguard/server-core';
import { rows } from '@spendguard/server-data';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  displayName: string;
}

/** Inserts a user in the current tenant context; a taken email is a 409, never a second account. */
export async function createUser(em: EntityManager, tenantId: string, input: NewUser): Promise<Omit<UserView, 'tenantSlug'>> {
  const [row] = await rows<{ id: string }>(
    em,
    `INSERT INTO users (tenant_id, email, role, display_name, password_hash)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, email) DO NOTHING
     RETURNING id`,
    [tenantId, input.email.trim().toLowerCase(), input.role, input.displayName, input.passwordHash],
  );
  if (!row) throw conflict('An account with this email already exists in this tenant');
  return { id: row.id, email: input.email.trim().toLowerCase(), role: input.role, tenantId, displayName: input.displayName };
}
