import { createUser, expectClearError, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('budgets', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let token: string;
  let categories: Record<string, string>;
  const as = (tk: string) => ({ authorization: `Bearer ${tk}` });
  const spend = (body: Record<string, unknown>) => t.http().post('/api/expenses').set(as(token)).send(body);
  const expectError = expectClearError;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    await t.owner.query(`UPDATE tenants SET timezone = 'America/New_York', currency = 'USD' WHERE id = $1`, [demo.tenantId]);
    token = demo.users.customer.token;
    categories = Object.fromEntries(
      (await t.http().get('/api/categories').set(as(token))).body.items.map((c: { name: string; id: string }) => [c.name, c.id]),
    );
  });
  afterAll(() => t.close());

  it('sets recurring budgets and monthly overrides; the same call again updates', async () => {
    const recurring = await t.http().put('/api/budgets').set(as(token)).send({ categoryId: categories['Dining'], amount: '200' });
    expect(recurring.status).toBe(200);
    expect(recurring.body).toMatchObject({ categoryId: categories['Dining'], category: 'Dining', month: null, amount: '200.00', currency: 'USD' });
    const again = await t.http().put('/api/budgets').set(as(token)).send({ categoryId: categories['Dining'], month: null, amount: 250.5 });
    expect(again.body).toMatchObject({ id: recurring.body.id, amount: '250.50' });
    const override = await t.http().put('/api/budgets').set(as(token)).send({ categoryId: categories['Dining'], month: '2024-03', amount: '300' });
    expect(override.body).toMatchObject({ month: '2024-03', amount: '300.00' });
    await t.http().put('/api/budgets').set(as(token)).send({ categoryId: categories['Groceries'], amount: '400' });
    await t.http().put('/api/budgets').set(as(token)).send({ categoryId: categories['Travel'], month: '2024-04', amount: '0' });

    const march = await t.http().get('/api/budgets').set(as(token)).query({ month: '2024-03' });
    expect(march.body.items.map((b: { category: string; month: string | null }) => [b.category, b.month])).toEqual([
      ['Dining', null],
      ['Dining', '2024-03'],
      ['Groceries', null],
    ]);
    expect((await t.http().get('/api/budgets').set(as(token))).body.items).toHaveLength(4);
  });

  it('refuses bad budgets', async () => {
    for (const [body, status] of [
      [{ categoryId: categories['Dining'], amount: '-1' }, 400],
      [{ categoryId: categories['Dining'], amount: '1.005' }, 400],
      [{ categoryId: categories['Dining'], amount: 'lots' }, 400],
      [{ categoryId: categories['Dining'], month: '2024-3', amount: '1' }, 400],
      [{ categoryId: 'nope', amount: '1' }, 400],
      [{ categoryId: '00000000-0000-4000-8000-000000000000', amount: '1' }, 422],
    ] as const) {
      const res = await t.http().put('/api/budgets').set(as(token)).send(body);
      expect({ body, status: res.status }).toEqual({ body, status });
    }
    expect((await t.http().get('/api/budgets/status').set(as(token)).query({ month: 'March' })).status).toBe(400);
  });

  it("refuses another customer's or another tenant's category with the same 422, and a bad month with 400", async () => {
    await createUser(t.owner, demo.tenantId, { email: 'neighbour@demo.test', role: 'customer' });
    const neighbour = (await login(t, 'demo', 'neighbour@demo.test')).accessToken;
    const theirs = (await t.http().post('/api/categories').set(as(neighbour)).send({ name: 'Neighbourly' })).body.id;
    const acmes = (await t.http().post('/api/categories').set(as(acme.users.customer.token)).send({ name: 'Acme only' })).body.id;
    const before = (await t.http().get('/api/budgets').set(as(token))).body.items;
    for (const categoryId of [theirs, acmes]) {
      for (const month of [undefined, '2024-03']) {
        const res = await t.http().put('/api/budgets').set(as(token)).send({ categoryId, amount: '10', ...(month ? { month } : {}) });
        expectError(res, 422, /^categoryId does not refer to one of your categories$/);
      }
    }
    expect((await t.http().get('/api/budgets').set(as(token))).body.items).toEqual(before);
    expect((await t.http().get('/api/budgets').set(as(neighbour))).body.items).toEqual([]);
    expect((await t.http().get('/api/budgets').set(as(acme.users.customer.token))).body.items).toEqual([]);

    for (const month of ['bad', '2024-13', '2024-3', '2024-03-01', '']) {
      expectError(await t.http().get('/api/budgets').set(as(token)).query({ month }), 400, /month must be a month written YYYY-MM/);
      expectError(await t.http().get('/api/budgets/status').set(as(token)).query({ month }), 400, /month must be a month written YYYY-MM/);
    }
  });

  it('reports a past month: spending converted to the base currency, remaining, percent, exact projection', async () => {
    await t.http().put('/api/admin/fx-rates').set(as(demo.users.admin.token)).send({ rates: [{ month: '2024-02', currency: 'EUR', rate: '1.10' }] });
    await spend({ occurredAt: '2024-03-05', amount: '100.00', description: 'Restaurant', categoryId: categories['Dining'] });
    await spend({ occurredAt: '2024-03-06', amount: '50.00', description: 'Bistro in Paris', currency: 'EUR', categoryId: categories['Dining'] });
    await spend({ occurredAt: '2024-03-07', amount: '20.00', refund: true, description: 'Refund', categoryId: categories['Dining'] });
    await spend({ occurredAt: '2024-03-08', amount: '1000', description: 'Thali in Delhi', currency: 'INR', categoryId: categories['Dining'] });
    await spend({ occurredAt: '2024-04-01', amount: '99.00', description: 'Next month', categoryId: categories['Dining'] });
    await spend({ occurredAt: '2024-03-09', amount: '12.34', description: 'Market', categoryId: categories['Groceries'] });
    await spend({ occurredAt: '2024-03-09', amount: '12.34', description: 'Shoes', categoryId: categories['Shopping'] });

    const res = await t.http().get('/api/budgets/status').set(as(token)).query({ month: '2024-03' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: '2024-03', currency: 'USD', daysInMonth: 31, daysElapsed: 31, daysLeft: 0, projectionMethod: 'pace' });
    expect(res.body.missingRates).toEqual([{ currency: 'INR', month: '2024-03' }]);
    // 100 + 50 EUR * 1.10 (February's rate, the latest before March) - 20 refund; INR has no rate and is left out
    expect(res.body.items).toEqual([
      { categoryId: categories['Dining'], category: 'Dining', budget: '300.00', spent: '135.00', remaining: '165.00', percentUsed: 45, projected: '135.00', projectedLow: '135.00', projectedHigh: '135.00' },
      { categoryId: categories['Groceries'], category: 'Groceries', budget: '400.00', spent: '12.34', remaining: '387.66', percentUsed: 3.1, projected: '12.34', projectedLow: '12.34', projectedHigh: '12.34' },
    ]);
  });

  it('projects the current month at its pace, and nothing for a future month', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const month = today.slice(0, 7);
    const day = Number(today.slice(8, 10));
    const [y, m] = month.split('-').map(Number);
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    await t.http().put('/api/budgets').set(as(token)).send({ categoryId: categories['Transport'], amount: '100' });
    await spend({ occurredAt: today, amount: '30.00', description: 'Train pass', categoryId: categories['Transport'] });

    const res = await t.http().get('/api/budgets/status').set(as(token));
    expect(res.body).toMatchObject({ month, daysElapsed: day, daysLeft: days - day + 1, daysInMonth: days });
    const transport = res.body.items.find((i: { category: string }) => i.category === 'Transport');
    expect(transport).toMatchObject({ spent: '30.00', remaining: '70.00', percentUsed: 30 });
    const expected = Math.round((3000 * days) / day);
    expect(Math.round(Number(transport.projected) * 100)).toBe(expected);
    expect(Number(transport.projectedLow)).toBeGreaterThanOrEqual(30);
    expect(Number(transport.projectedLow)).toBeLessThanOrEqual(Number(transport.projected));
    expect(Number(transport.projectedHigh)).toBeGreaterThanOrEqual(Number(transport.projected));

    const future = await t.http().get('/api/budgets/status').set(as(token)).query({ month: `${y + 1}-01` });
    expect(future.body).toMatchObject({ daysElapsed: 0, daysLeft: 31 });
    expect(future.body.items.every((i: { spent: string; projected: string | null }) => i.spent === '0.00' && i.projected === null)).toBe(true);
  });

  it('removes budgets; nobody else sees or touches them', async () => {
    const budgets = (await t.http().get('/api/budgets').set(as(token))).body.items;
    const id = budgets[0].id;
    const otherId = await createUser(t.owner, demo.tenantId, { email: 'other@demo.test', role: 'customer' });
    const other = (await login(t, 'demo', 'other@demo.test')).accessToken;
    expect(otherId).toBeTruthy();
    expect((await t.http().get('/api/budgets').set(as(other))).body.items).toEqual([]);
    expect((await t.http().delete(`/api/budgets/${id}`).set(as(other))).status).toBe(404);
    expect((await t.http().delete(`/api/budgets/${id}`).set(as(acme.users.customer.token))).status).toBe(404);
    expect((await t.http().get('/api/budgets/status').set(as(other))).body.items).toEqual([]);
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      expect((await t.http().get('/api/budgets').set(as(demo.users[role].token))).status).toBe(403);
      expect((await t.http().put('/api/budgets').set(as(demo.users[role].token)).send({ categoryId: categories['Dining'], amount: '1' })).status).toBe(403);
      expect((await t.http().get('/api/budgets/status').set(as(demo.users[role].token))).status).toBe(403);
      expect((await t.http().delete(`/api/budgets/${id}`).set(as(demo.users[role].token))).status).toBe(403);
    }
    expect((await t.http().delete(`/api/budgets/${id}`).set(as(token))).status).toBe(204);
    expect((await t.http().delete(`/api/budgets/${id}`).set(as(token))).status).toBe(404);
  });
});
