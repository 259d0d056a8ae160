import { DataSource, EntityManager } from 'typeorm';
import { readInTenant, rows, runInTenant } from '@spendguard/server-data';
import { createUser, login, openDataSource, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('tenant isolation', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let app: DataSource; // the application's own role: no BYPASSRLS

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    app = await openDataSource(t.db.appUrl);
  });
  afterAll(async () => {
    await app.destroy();
    await t.close();
  });

  it('the application role is neither superuser nor BYPASSRLS', async () => {
    const [role] = await app.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('every table with tenant data has row-level security enabled and forced', async () => {
    const tables: Array<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }> = await t.owner.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'
          AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'))`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(10);
    for (const table of tables) {
      expect(table).toEqual({ relname: table.relname, relrowsecurity: true, relforcerowsecurity: true });
    }
  });

  it('a query without tenant context sees zero rows in every tenant table', async () => {
    const tables: Array<{ table_name: string }> = await t.owner.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'
       UNION SELECT 'tenants'`,
    );
    const [{ n: usersAsOwner }] = await t.owner.query(`SELECT count(*)::int AS n FROM users`);
    expect(usersAsOwner).toBe(8);
    for (const { table_name } of tables) {
      const [{ n }] = await app.query(`SELECT count(*)::int AS n FROM ${table_name}`);
      expect({ table_name, n }).toEqual({ table_name, n: 0 });
    }
  });

  it('row-level security confines a tenant context to its own rows, even for explicit filters on another tenant', async () => {
    const seen = await runInTenant(app, { tenantId: demo.tenantId }, (em) =>
      rows<{ tenant_id: string }>(em, `SELECT tenant_id FROM users WHERE tenant_id = ANY($1)`, [[demo.tenantId, acme.tenantId]]),
    );
    expect(seen).toHaveLength(4);
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([demo.tenantId]));
  });

  it('row-level security refuses writes into another tenant', async () => {
    await expect(
      runInTenant(app, { tenantId: demo.tenantId }, (em) =>
        rows(em, `INSERT INTO categories (tenant_id, name) VALUES ($1, 'Smuggled')`, [acme.tenantId]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await runInTenant(app, { tenantId: demo.tenantId }, (em) =>
      rows(em, `UPDATE users SET display_name = 'hacked' WHERE tenant_id = $1 RETURNING id`, [acme.tenantId]),
    );
    expect(updated).toHaveLength(0);
  });

  it('the tenant context does not leak into the next transaction on a pooled connection', async () => {
    const single = await openDataSource(t.db.appUrl);
    try {
      await runInTenant(single, { tenantId: demo.tenantId }, (em) => rows(em, 'SELECT 1'));
      const [{ n }] = await single.query(`SELECT count(*)::int AS n FROM users`);
      expect(n).toBe(0);
    } finally {
      await single.destroy();
    }
  });

  it('composite foreign keys make cross-tenant references impossible even for the owner', async () => {
    await expect(
      t.owner.query(`INSERT INTO refresh_tokens (tenant_id, user_id, family_id, token_hash, expires_at)
                     VALUES ($1, $2, gen_random_uuid(), repeat('a', 64), now())`, [acme.tenantId, demo.users.customer.id]),
    ).rejects.toThrow(/foreign key/);
  });

  it("another tenant's customer cannot revoke a demo session (404) and sees only its own tenant", async () => {
    const demoSessions = await t.http().get('/api/auth/sessions').set('authorization', `Bearer ${demo.users.customer.token}`);
    const demoSession = demoSessions.body.items[0].id;
    const attempt = await t.http().delete(`/api/auth/sessions/${demoSession}`).set('authorization', `Bearer ${acme.users.customer.token}`);
    expect(attempt.status).toBe(404);
    const still = await t.http().get('/api/auth/sessions').set('authorization', `Bearer ${demo.users.customer.token}`);
    expect(still.body.items.map((s: { id: string }) => s.id)).toContain(demoSession);
  });

  it("another tenant's admin lists only its own users and settings", async () => {
    const users = await t.http().get('/api/admin/users').set('authorization', `Bearer ${acme.users.admin.token}`);
    expect(users.status).toBe(200);
    expect(users.body.total).toBe(4);
    expect(users.body.items.every((u: { email: string }) => u.email.endsWith('@acme.test'))).toBe(true);
    const settings = await t.http().get('/api/admin/tenant').set('authorization', `Bearer ${acme.users.admin.token}`);
    expect(settings.body.slug).toBe('acme');
  });

  it('the tenant comes from the verified token, not from anything the client sends', async () => {
    const res = await t
      .http()
      .get('/api/admin/users')
      .set('authorization', `Bearer ${acme.users.admin.token}`)
      .set('x-tenant-id', demo.tenantId)
      .query({ tenant: 'demo' });
    // unknown query fields are refused outright; without them, the token's tenant applies
    expect(res.status).toBe(400);
    const plain = await t.http().get('/api/admin/users').set('authorization', `Bearer ${acme.users.admin.token}`).set('x-tenant-id', demo.tenantId);
    expect(plain.body.items.every((u: { email: string }) => u.email.endsWith('@acme.test'))).toBe(true);
  });

  it('the same email may exist in two tenants, and each signs in to its own', async () => {
    await createUser(t.owner, demo.tenantId, { email: 'shared@example.com', role: 'customer', displayName: 'Demo Shared' });
    await createUser(t.owner, acme.tenantId, { email: 'shared@example.com', role: 'customer', displayName: 'Acme Shared' });
    expect((await login(t, 'demo', 'shared@example.com')).user.displayName).toBe('Demo Shared');
    expect((await login(t, 'acme', 'shared@example.com')).user.tenantId).toBe(acme.tenantId);
  });
});

describe('runInTenant', () => {
  let t: TestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    tenantId = (await tenantWithEveryRole(t, 'tx')).tenantId;
  });
  afterAll(() => t.close());

  it('rolls back everything, including repository saves, when the work fails', async () => {
    const app = await openDataSource(t.db.appUrl);
    try {
      await expect(
        runInTenant(app, { tenantId }, async (em) => {
          await rows(em, `INSERT INTO categories (tenant_id, name) VALUES ($1, 'Rolled back 1')`, [tenantId]);
          await em.getRepository('Category').save({ tenantId, name: 'Rolled back 2' });
          await em.transaction(async (inner) => {
            await rows(inner, `INSERT INTO categories (tenant_id, name) VALUES ($1, 'Rolled back 3')`, [tenantId]);
          });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM categories WHERE name LIKE 'Rolled back%'`);
      expect(n).toBe(0);
      await runInTenant(app, { tenantId }, async (em) => {
        await em.getRepository('Category').save({ tenantId, name: 'Kept' });
      });
      const [{ kept }] = await t.owner.query(`SELECT count(*)::int AS kept FROM categories WHERE name = 'Kept'`);
      expect(kept).toBe(1);
    } finally {
      await app.destroy();
    }
  });

  it('commits without waiting for the disk only when asked, and only that transaction', async () => {
    const single = await openDataSource(t.db.appUrl, { poolSize: 1 });
    const setting = async (em: EntityManager) => (await rows<{ value: string }>(em, `SELECT current_setting('synchronous_commit') AS value`))[0].value;
    try {
      // the test cluster runs without synchronous commits (speed): this pooled connection gets them back, as in production
      await single.query(`SET synchronous_commit = on`);
      const inside = await runInTenant(
        single,
        { tenantId },
        async (em) => {
          await rows(em, `INSERT INTO categories (tenant_id, name) VALUES ($1, 'Committed asynchronously')`, [tenantId]);
          return setting(em);
        },
        { asyncCommit: true },
      );
      expect(inside).toBe('off');
      // committed all the same, and the same pooled connection is back to synchronous commits
      const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM categories WHERE name = 'Committed asynchronously'`);
      expect(n).toBe(1);
      expect(await runInTenant(single, { tenantId }, setting)).toBe('on');
      expect((await single.query(`SELECT current_setting('synchronous_commit') AS value`))[0].value).toBe('on');
      // a failing asynchronous unit of work still rolls back
      await expect(
        runInTenant(
          single,
          { tenantId },
          async (em) => {
            await rows(em, `INSERT INTO categories (tenant_id, name) VALUES ($1, 'Rolled back asynchronously')`, [tenantId]);
            throw new Error('boom');
          },
          { asyncCommit: true },
        ),
      ).rejects.toThrow('boom');
      const [{ gone }] = await t.owner.query(`SELECT count(*)::int AS gone FROM categories WHERE name = 'Rolled back asynchronously'`);
      expect(gone).toBe(0);
    } finally {
      await single.destroy();
    }
  });

  it('refuses ids that are not UUIDs before touching the database', async () => {
    await expect(runInTenant(t.owner, { tenantId: "x'; DROP TABLE users; --" }, async () => 1)).rejects.toThrow(/tenant id/);
    await expect(runInTenant(t.owner, { tenantId, userId: "'; --" }, async () => 1)).rejects.toThrow(/uuid/);
  });
});

describe('readInTenant (one round trip)', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let single: DataSource; // one pooled connection, so every call below reuses it

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'rdemo');
    acme = await tenantWithEveryRole(t, 'racme');
    single = await openDataSource(t.db.appUrl, { poolSize: 1 });
  });
  afterAll(async () => {
    await single.destroy();
    await t.close();
  });

  it('sees only the rows of its tenant, even when the statement names another', async () => {
    const own = await readInTenant<{ id: string }>(single, { tenantId: demo.tenantId }, `SELECT id FROM users WHERE tenant_id = $1`, [demo.tenantId]);
    expect(own).toHaveLength(4);
    const other = await readInTenant(single, { tenantId: demo.tenantId }, `SELECT id FROM users WHERE tenant_id = $1`, [acme.tenantId]);
    expect(other).toEqual([]);
  });

  it('leaves no tenant context and no open transaction on the pooled connection', async () => {
    await readInTenant(single, { tenantId: demo.tenantId }, `SELECT 1`);
    const [{ n, state }] = await single.query(`SELECT count(*)::int AS n, (SELECT current_setting('app.tenant_id', true)) AS state FROM users`);
    expect(n).toBe(0);
    expect(state ?? '').toBe('');
  });

  it('is read-only, and a failing statement ends its transaction before the connection is reused', async () => {
    await expect(
      readInTenant(single, { tenantId: demo.tenantId }, `UPDATE users SET display_name = 'x' WHERE id = $1 RETURNING id`, [demo.users.customer.id]),
    ).rejects.toThrow(/read-only transaction/);
    await expect(readInTenant(single, { tenantId: demo.tenantId }, `SELECT 1/0`)).rejects.toThrow(/division by zero/);
    const after = await readInTenant<{ id: string }>(single, { tenantId: acme.tenantId }, `SELECT id FROM users WHERE id = $1`, [acme.users.admin.id]);
    expect(after).toEqual([{ id: acme.users.admin.id }]);
    const [{ open }] = await single.query(`SELECT count(*)::int AS open FROM pg_stat_activity WHERE pid = pg_backend_pid() AND state LIKE 'idle in transaction%'`);
    expect(open).toBe(0);
  });

  it('accepts only uuid parameters and a single statement, checked before anything is sent', async () => {
    await expect(readInTenant(single, { tenantId: demo.tenantId }, `SELECT id FROM users WHERE email = $1`, ["x' OR true --"])).rejects.toThrow(
      /\$1 must be a uuid/,
    );
    await expect(readInTenant(single, { tenantId: demo.tenantId }, `SELECT 1; DELETE FROM users`)).rejects.toThrow(/one statement/);
    await expect(readInTenant(single, { tenantId: demo.tenantId }, `SELECT $2::text`, [demo.tenantId])).rejects.toThrow(/no value for \$2/);
    await expect(readInTenant(single, { tenantId: 'nope' }, `SELECT 1`)).rejects.toThrow(/tenant id/);
  });
});
