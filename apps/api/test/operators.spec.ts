import { startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer } from './findings-fixtures';

describe('GET /operators: the tenant operators for assignment and audit trails', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
  });
  afterAll(() => t.close());

  it('every operator role lists the operators of its own tenant only, never customers, without account details', async () => {
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      const res = await t.http().get('/api/operators').set(bearer(demo.users[role].token));
      expect(res.status).toBe(200);
      const items = res.body.items as Array<Record<string, unknown>>;
      expect(items.map((o) => o['id']).sort()).toEqual([demo.users.reviewer.id, demo.users.supervisor.id, demo.users.admin.id].sort());
      expect(items.map((o) => o['role']).sort()).toEqual(['admin', 'reviewer', 'supervisor']);
      for (const o of items) expect(Object.keys(o).sort()).toEqual(['displayName', 'id', 'role']);
    }
    const other = await t.http().get('/api/operators').set(bearer(acme.users.reviewer.token));
    expect((other.body.items as Array<{ id: string }>).map((o) => o.id)).not.toContain(demo.users.reviewer.id);
  });

  it('customers and anonymous callers are refused', async () => {
    expect((await t.http().get('/api/operators').set(bearer(demo.users.customer.token))).status).toBe(403);
    expect((await t.http().get('/api/operators')).status).toBe(401);
  });
});
