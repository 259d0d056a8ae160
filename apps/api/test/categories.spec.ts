import { DEFAULT_CATEGORIES } from '@spendguard/contracts';
import { createUser, expectClearError, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('categories', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let other: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const expectError = expectClearError;
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
    // recurring budgets add up (200 + 30); March was Dining's recurring 200 plus Coffee's override 40
    expect(budgets.map((b: { category: string; month: string | null; amount: string }) => [b.category, b.month, b.amount])).toEqual([
      ['Dining', null, '230.00'],
      ['Dining', '2024-03', '240.00'],
    ]);
    const march = (await t.http().get('/api/budgets/status').set(as(token)).query({ month: '2024-03' })).body.items;
    expect(march.find((i: { category: string }) => i.category === 'Dining')).toMatchObject({ budget: '240.00', spent: '7.00' });
    const april = (await t.http().get('/api/budgets/status').set(as(token)).query({ month: '2024-04' })).body.items;
    expect(april.find((i: { category: string }) => i.category === 'Dining')).toMatchObject({ budget: '230.00' });
    // the retired category can no longer be used
    const reuse = await t.http().post('/api/expenses').set(as(token)).send({ occurredAt: '2024-03-01', amount: '1.00', description: 'x', categoryId: coffee.id });
    expect(reuse.status).toBe(422);
  });

  it('merging keeps every month whole: an override on either side gets the other side\'s budget for that month added', async () => {
    const token = demo.users.customer.token;
    const make = async (name: string) => (await t.http().post('/api/categories').set(as(token)).send({ name })).body.id as string;
    const put = (categoryId: string, amount: string, month?: string) =>
      t.http().put('/api/budgets').set(as(token)).send({ categoryId, amount, ...(month ? { month } : {}) }).expect(200);
    const budgetsOf = async (categoryId: string) =>
      ((await t.http().get('/api/budgets').set(as(token))).body.items as Array<{ categoryId: string; month: string | null; amount: string }>)
        .filter((b) => b.categoryId === categoryId)
        .map((b) => [b.month, b.amount]);

    // the target overrides months, the source has only a recurring budget (its amount must not be dropped there)
    const books = await make('Books');
    const comics = await make('Comics');
    await put(books, '100');
    await put(books, '60', '2024-05');
    await put(books, '0', '2024-06');
    await put(comics, '20');
    await put(comics, '15', '2024-06');
    await put(comics, '5', '2024-07');
    const merged = await t.http().post(`/api/categories/${comics}/merge`).set(as(token)).send({ intoId: books });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ movedExpenses: 0, movedBudgets: 3 });
    expect(await budgetsOf(books)).toEqual([
      [null, '120.00'], // 100 + 20
      ['2024-05', '80.00'], // Books' override 60 + Comics' recurring 20
      ['2024-06', '15.00'], // Books' override 0 + Comics' override 15
      ['2024-07', '105.00'], // Books' recurring 100 + Comics' override 5
    ]);
    expect(await budgetsOf(comics)).toEqual([]);
    const may = (await t.http().get('/api/budgets/status').set(as(token)).query({ month: '2024-05' })).body.items;
    expect(may.find((i: { categoryId: string }) => i.categoryId === books)).toMatchObject({ budget: '80.00' });

    // a target without any budget takes the source's budgets as they are
    const hobbies = await make('Hobbies');
    const crafts = await make('Crafts');
    await put(hobbies, '10');
    await put(hobbies, '12', '2024-05');
    await t.http().post(`/api/categories/${hobbies}/merge`).set(as(token)).send({ intoId: crafts }).expect(200);
    expect(await budgetsOf(crafts)).toEqual([
      [null, '10.00'],
      ['2024-05', '12.00'],
    ]);

    // only overrides on both sides, no recurring budget anywhere: a month missing on one side counts as 0 there
    const films = await make('Films');
    const series = await make('Series');
    await put(films, '30', '2024-08');
    await put(series, '7', '2024-08');
    await put(series, '9', '2024-09');
    await t.http().post(`/api/categories/${series}/merge`).set(as(token)).send({ intoId: films }).expect(200);
    expect(await budgetsOf(films)).toEqual([
      ['2024-08', '37.00'],
      ['2024-09', '9.00'],
    ]);
  });

  describe('refusals are clear 4xx answers', () => {
    let mine: { id: string; name: string };
    let second: { id: string; name: string };
    let othersOwn: string;
    let acmeOwn: string;
    beforeAll(async () => {
      const token = demo.users.customer.token;
      mine = (await t.http().post('/api/categories').set(as(token)).send({ name: 'Garden' })).body;
      second = (await t.http().post('/api/categories').set(as(token)).send({ name: 'Plants' })).body;
      othersOwn = (await t.http().post('/api/categories').set(as(other)).send({ name: 'Someone else' })).body.id;
      acmeOwn = (await t.http().post('/api/categories').set(as(acme.users.customer.token)).send({ name: 'Acme garden' })).body.id;
    });

    it('renaming: 409 for a name taken in any case (own or default), 400 for an empty or blank name', async () => {
      const token = demo.users.customer.token;
      const rename = (name: unknown) => t.http().patch(`/api/categories/${mine.id}`).set(as(token)).send({ name });
      expectError(await rename('PLANTS'), 409, /A category named "Plants" already exists/);
      expectError(await rename('  plants '), 409, /Plants/);
      expectError(await rename('dining'), 409, /A category named "Dining" already exists/);
      expectError(await rename(''), 400, /name must not be empty/);
      expectError(await rename('   '), 400, /name must not be empty/);
      expectError(await rename(42), 400, /name must be a string/);
      // its own name in another case is fine
      const recased = await rename('GARDEN');
      expect(recased.status).toBe(200);
      expect(recased.body).toMatchObject({ id: mine.id, name: 'GARDEN' });
      expect((await list(token)).find((c) => c.id === second.id)).toMatchObject({ name: 'Plants' });
    });

    it('merging: 403 for operators, 400 for a malformed intoId, the same 422 for a target that is not yours', async () => {
      const token = demo.users.customer.token;
      const merge = (tk: string, intoId: unknown, id = mine.id) => t.http().post(`/api/categories/${id}/merge`).set(as(tk)).send({ intoId });
      for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
        expectError(await merge(demo.users[role].token, second.id), 403);
      }
      expectError(await merge(token, 'not-a-uuid'), 400, /intoId must be a UUID/);
      expectError(await merge(token, undefined), 400, /intoId must be a UUID/);
      expectError(await merge(token, 12), 400, /intoId must be a UUID/);
      // another customer's category, another tenant's, and one that does not exist all answer alike (nothing leaks)
      for (const intoId of [othersOwn, acmeOwn, '00000000-0000-4000-8000-000000000000']) {
        expectError(await merge(token, intoId), 422, /^intoId does not refer to one of your categories$/);
      }
      // a source that is not mine is not found
      expectError(await merge(token, second.id, othersOwn), 404);
      expectError(await merge(token, second.id, acmeOwn), 404);
      // nothing was merged along the way
      const after = await list(token);
      expect(after.some((c) => c.id === mine.id)).toBe(true);
      expect((await list(other)).some((c) => c.id === othersOwn)).toBe(true);
      expect((await list(acme.users.customer.token)).some((c) => c.id === acmeOwn)).toBe(true);
    });
  });
});
