import { createUser, login, plantLedger, setConsent, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe("operator: a customer's budgets (GET /operator/customers/:id/budgets/status)", () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let customer: { id: string; token: string };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const status = (token: string, id: string, query = '') => t.http().get(`/api/operator/customers/${id}/budgets/status${query}`).set(as(token));

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    const id = await createUser(t.owner, demo.tenantId, { email: 'bea@demo.test', role: 'customer', displayName: 'Bea Baker' });
    customer = { id, token: (await login(t, 'demo', 'bea@demo.test')).accessToken };
    const created = await t.http().post('/api/expenses').set(as(customer.token)).send({ occurredAt: '2024-03-10', amount: '30.00', description: 'Market', category: 'Groceries' });
    expect(created.status).toBe(201);
    const put = await t.http().put('/api/budgets').set(as(customer.token)).send({ categoryId: created.body.categoryId, month: '2024-03', amount: '100' });
    expect(put.status).toBe(200);
  });
  afterAll(() => t.close());

  it("every operator role reads the same status the customer sees for the month", async () => {
    const own = await t.http().get('/api/budgets/status?month=2024-03').set(as(customer.token));
    expect(own.status).toBe(200);
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      const res = await status(demo.users[role].token, customer.id, '?month=2024-03');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(own.body);
    }
    expect(own.body.items).toEqual([expect.objectContaining({ category: 'Groceries', budget: '100.00', spent: '30.00' })]);
  });

  it('another tenant, a non-customer and an unknown id answer 404; customers 403; anonymous 401; a bad month 400', async () => {
    expect((await status(acme.users.admin.token, customer.id)).status).toBe(404);
    expect((await status(demo.users.reviewer.token, demo.users.supervisor.id)).status).toBe(404);
    expect((await status(demo.users.reviewer.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await status(customer.token, customer.id)).status).toBe(403);
    expect((await t.http().get(`/api/operator/customers/${customer.id}/budgets/status`)).status).toBe(401);
    expect((await status(demo.users.reviewer.token, customer.id, '?month=March')).status).toBe(400);
  });

  it("this month's projection is the forecast only for a consenting customer; operators see the pace projection otherwise", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const month = today.slice(0, 7);
    const withHistory = async (email: string, consent: boolean) => {
      const id = await createUser(t.owner, demo.tenantId, { email, role: 'customer' });
      await plantLedger(t.owner, demo.tenantId, id, { seed: 'operator-budgets', months: 24, endDate: today });
      await setConsent(t.owner, demo.tenantId, id, consent);
      const token = (await login(t, 'demo', email)).accessToken;
      const categories = await t.http().get('/api/categories').set(as(token));
      const groceries = categories.body.items.find((c: { name: string }) => c.name === 'Groceries');
      expect((await t.http().put('/api/budgets').set(as(token)).send({ categoryId: groceries.id, amount: '400.00' })).status).toBeLessThan(300);
      return { id, token };
    };
    for (const [email, consent, method] of [
      ['yes@demo.test', true, 'forecast'],
      ['no@demo.test', false, 'pace'],
    ] as const) {
      const c = await withHistory(email, consent);
      const own = await t.http().get(`/api/budgets/status?month=${month}`).set(as(c.token));
      const seen = await status(demo.users.reviewer.token, c.id, `?month=${month}`);
      expect(seen.status).toBe(200);
      expect({ email, method: seen.body.projectionMethod }).toEqual({ email, method });
      expect(seen.body).toEqual(own.body);
      expect(seen.body.items[0].projected).not.toBeNull();
    }
  }, 60_000);
});
