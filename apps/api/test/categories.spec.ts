import { DEFAULT_CATEGORIES } from '@spendguard/contracts';
import { createUser, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('categories', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let other: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const list = async (token: string) => (await t.http().get('/api/categories').set(as(token))).body.items as Array<{ id: string; name: string; isDefault: boolean }>;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    await createUser(t.owner, demo.tenantId, { email: 'other@demo.test', role: 'customer' });
    other = (await login(t, 'demo', 'other@demo.test')).accessToken;
  });
  afterAll(() => t.close());

  it('every tenant starts with the default taxonomy, visible to customers and operators', async () => {
    const items = await list(demo.users.customer.token);
    expect(items.map((c) => c.name).sort()).toEqual([...DEFAULT_CATEGORIES].sort());
    expect(items.every((c) => c.isDefault)).toBe(true);
    expect((await list(demo.users.reviewer.token)).length).toBe(DEFAULT_CATEGORIES.length);
    const acmeIds = new Set((await list(acme.users.customer.token)).map((c) => c.id));
    expect(items.some((c) => acmeIds.has(c.id))).toBe(false);
  });

  it('customers create and rename their own categories; names are unique case-insensitively', async () => {
    const created = await t.http().post('/api/categories').set(as(demo.users.customer.token)).send({ name: '  Pet   care ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Pet care', isDefault: false });
    expect((await t.http().post('/api/categories').set(as(demo.users.customer.token)).send({ name: 'PET CARE' })).status).toBe(409);
    expect((await t.http().post('/api/categories').set(as(demo.users.customer.token)).send({ name: 'groceries' })).status).toBe(409);
    expect((await t.http().post('/api/categories').set(as(demo.users.customer.token)).send({ name: '' })).status).toBe(400);
    expect((await t.http().post('/api/categories').set(as(demo.users.customer.token)).send({ name: 'x'.repeat(81) })).status).toBe(400);
    // someone else's names do not clash
    expect((await t.http().post('/api/categories').set(as(other)).send({ name: 'Pet care' })).status).toBe(201);

    const renamed = await t.http().patch(`/api/categories/${created.body.id}`).set(as(demo.users.customer.token)).send({ name: 'Pets' });
    expect(renamed.body).toMatchObject({ id: created.body.id, name: 'Pets' });
    const mine = await list(demo.users.customer.token);
    expect(mine.filter((c) => !c.isDefault).map((c) => c.name)).toEqual(['Pets']);
    expect((await list(other)).filter((c) => !c.isDefault).map((c) => c.name)).toEqual(['Pet care']);
  });

  it('defaults cannot be renamed (403); others cannot touch my categories (404)', async () => {
    const groceries = (await list(demo.users.customer.token)).find((c) => c.name === 'Groceries')!;
    expect((await t.http().patch(`/api/categories/${groceries.id}`).set(as(demo.users.customer.token)).send({ name: 'Food' })).status).toBe(403);
    const mine = (await list(demo.users.customer.token)).find((c) => c.name === 'Pets')!;
    expect((await t.http().patch(`/api/categories/${mine.id}`).set(as(other)).send({ name: 'Mine now' })).status).toBe(404);
    expect((await t.http().patch(`/api/categories/${mine.id}`).set(as(acme.users.customer.token)).send({ name: 'Mine now' })).status).toBe(404);
    expect((await t.http().post(`/api/categories/${mine.id}/merge`).set(as(other)).send({ intoId: groceries.id })).status).toBe(404);
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      expect((await t.http().post('/api/categories').set(as(demo.users[role].token)).send({ name: 'Ops' })).status).toBe(403);
      expect((await t.http().patch(`/api/categories/${mine.id}`).set(as(demo.users[role].token)).send({ name: 'Ops' })).status).toBe(403);
    }
  });

  it('merging moves expenses (with a revision each) and budgets, then hides the source', async () => {
    const token = demo.users.customer.token;
    const coffee = (await t.http().post('/api/categories').set(as(token)).send({ name: 'Coffee' })).body;
    const dining = (await list(token)).find((c) => c.name === 'Dining')!;
    const e1 = (await t.http().post('/api/expenses').set(as(token)).send({ occurredAt: '2024-03-01', amount: '3.00', description: 'Latte', categoryId: coffee.id })).body;
    await t.http().post('/api/expenses').set(as(token)).send({ occurredAt: '2024-03-02', amount: '4.00', description: 'Espresso', categoryId: coffee.id });
    await t.http().put('/api/budgets').set(as(token)).send({ categoryId: coffee.id, amount: '30' });
    await t.http().put('/api/budgets').set(as(token)).send({ categoryId: coffee.id, month: '2024-03', amount: '40' });
    await t.http().put('/api/budgets').set(as(token)).send({ categoryId: dining.id, amount: '200' });

    expect((await t.http().post(`/api/categories/${coffee.id}/merge`).set(as(token)).send({ intoId: coffee.id })).status).toBe(422);
    expect((await t.http().post(`/api/categories/${coffee.id}/merge`).set(as(token)).send({ intoId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    expect((await t.http().post(`/api/categories/${dining.id}/merge`).set(as(token)).send({ intoId: coffee.id })).status).toBe(403);

    const merged = await t.http().post(`/api/categories/${coffee.id}/merge`).set(as(token)).send({ intoId: dining.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ into: { id: dining.id, name: 'Dining' }, movedExpenses: 2, movedBudgets: 2 });
    expect((await list(token)).some((c) => c.id === coffee.id)).toBe(false);

    const moved = await t.http().get(`/api/expenses/${e1.id}`).set(as(token));
    expect(moved.body).toMatchObject({ categoryId: dining.id, category: 'Dining', version: 2 });
    const history = (await t.http().get(`/api/expenses/${e1.id}/history`).set(as(token))).body.items;
    expect(history[1]).toMatchObject({ action: 'category_merged', before: { categoryId: coffee.id }, after: { categoryId: dining.id } });

    const budgets = (await t.http().get('/api/budgets').set(as(token))).body.items;
    expect(budgets.map((b: { category: string; month: string | null; amount: string }) => [b.category, b.month, b.amount])).toEqual([
      ['Dining', null, '230.00'],
      ['Dining', '2024-03', '40.00'],
    ]);
    // the retired category can no longer be used
    const reuse = await t.http().post('/api/expenses').set(as(token)).send({ occurredAt: '2024-03-01', amount: '1.00', description: 'x', categoryId: coffee.id });
    expect(reuse.status).toBe(422);
  });
});
