import { createUser, expectClearError, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('operator: customers', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  const customers: Array<{ id: string; name: string; token: string }> = [];
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const expectError = expectClearError;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    for (const name of ['Zoe Zimmer', 'Adam Apple', 'Bea Baker', 'Carl Carter', 'Dana Diaz']) {
      const email = `${name.split(' ')[0].toLowerCase()}@demo.test`;
      const id = await createUser(t.owner, demo.tenantId, { email, role: 'customer', displayName: name });
      customers.push({ id, name, token: (await login(t, 'demo', email)).accessToken });
    }
    await t.http().put('/api/consent').set(as(customers[1].token)).send({ analysis: true });
    await t.http().put('/api/consent').set(as(customers[2].token)).send({ analysis: true });
    await t
      .http()
      .post('/api/expenses/batch')
      .set(as(customers[1].token))
      .send({
        items: [
          { externalId: '1', occurredAt: '2024-01-10', amount: '10.00', description: 'Apples', category: 'Groceries' },
          { externalId: '2', occurredAt: '2024-02-10', amount: '20.00', description: 'Pears', category: 'Groceries' },
          { externalId: '3', occurredAt: '2024-03-10', amount: '30.00', description: 'Cinema', category: 'Entertainment' },
        ],
      });
  });
  afterAll(() => t.close());

  it('lists the tenant customers by name with consent, paged with a total; never operators or other tenants', async () => {
    const first = await t.http().get('/api/operator/customers').set(as(demo.users.reviewer.token)).query({ limit: 4 });
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(6);
    expect(first.body.items[0]).toEqual({
      id: customers[1].id,
      displayName: 'Adam Apple',
      email: 'adam@demo.test',
      consent: true,
      lastAnalysisAt: null,
      openFindings: 0,
    });
    const second = await t.http().get('/api/operator/customers').set(as(demo.users.reviewer.token)).query({ limit: 4, cursor: first.body.nextCursor });
    const names = [...first.body.items, ...second.body.items].map((c: { displayName: string }) => c.displayName);
    expect(names).toEqual(['Adam Apple', 'Bea Baker', 'Carl Carter', 'customer', 'Dana Diaz', 'Zoe Zimmer']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('searches by name or email and filters by consent', async () => {
    const q = await t.http().get('/api/operator/customers').set(as(demo.users.supervisor.token)).query({ q: 'BAK' });
    expect(q.body.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Bea Baker']);
    const byEmail = await t.http().get('/api/operator/customers').set(as(demo.users.admin.token)).query({ q: 'dana@' });
    expect(byEmail.body.total).toBe(1);
    const consenting = await t.http().get('/api/operator/customers').set(as(demo.users.admin.token)).query({ consent: 'true' });
    expect(consenting.body.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Adam Apple', 'Bea Baker']);
    const not = await t.http().get('/api/operator/customers').set(as(demo.users.admin.token)).query({ consent: 'false' });
    expect(not.body.total).toBe(4);
    expect((await t.http().get('/api/operator/customers').set(as(demo.users.admin.token)).query({ consent: 'maybe' })).status).toBe(400);
    const percent = await t.http().get('/api/operator/customers').set(as(demo.users.admin.token)).query({ q: '%' });
    expect(percent.body.total).toBe(0);
  });

  it("shows a customer's detail and expenses read-only, with the expense filters", async () => {
    const adam = customers[1];
    const detail = await t.http().get(`/api/operator/customers/${adam.id}`).set(as(demo.users.reviewer.token));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: adam.id,
      displayName: 'Adam Apple',
      consent: true,
      consentState: { granted: true, revokedAt: null },
      consentHistory: [{ action: 'granted' }],
      expenses: { count: 3, firstOn: '2024-01-10', lastOn: '2024-03-10' },
    });
    const expenses = await t.http().get(`/api/operator/customers/${adam.id}/expenses`).set(as(demo.users.reviewer.token)).query({ from: '2024-02-01', sort: 'amount' });
    expect(expenses.body.total).toBe(2);
    expect(expenses.body.items.map((e: { description: string }) => e.description)).toEqual(['Pears', 'Cinema']);
    const searched = await t.http().get(`/api/operator/customers/${adam.id}/expenses`).set(as(demo.users.reviewer.token)).query({ q: 'cine' });
    expect(searched.body.items).toHaveLength(1);
    expect((await t.http().get(`/api/operator/customers/${adam.id}/expenses`).set(as(demo.users.reviewer.token)).query({ limit: 'x' })).status).toBe(400);
  });

  it('answers 404 for operators, unknown ids and other tenants', async () => {
    const token = demo.users.reviewer.token;
    expect((await t.http().get(`/api/operator/customers/${demo.users.admin.id}`).set(as(token))).status).toBe(404);
    expect((await t.http().get(`/api/operator/customers/${acme.users.customer.id}`).set(as(token))).status).toBe(404);
    expect((await t.http().get(`/api/operator/customers/${acme.users.customer.id}/expenses`).set(as(token))).status).toBe(404);
    expect((await t.http().get('/api/operator/customers/nope').set(as(token))).status).toBe(404);
    const acmeList = await t.http().get('/api/operator/customers').set(as(acme.users.admin.token));
    expect(acmeList.body.items.map((c: { email: string }) => c.email)).toEqual(['customer@acme.test']);
  });

  it('customers get 403', async () => {
    for (const token of [customers[0].token, demo.users.customer.token, acme.users.customer.token]) {
      expectError(await t.http().get('/api/operator/customers').set(as(token)), 403);
      expectError(await t.http().get(`/api/operator/customers/${customers[1].id}`).set(as(token)), 403);
      expectError(await t.http().get(`/api/operator/customers/${customers[1].id}/expenses`).set(as(token)), 403);
    }
    expectError(await t.http().get('/api/operator/customers'), 401);
  });

  it('refuses a bad cursor or limit with 400', async () => {
    const token = demo.users.reviewer.token;
    const list = (query: Record<string, unknown>) => t.http().get('/api/operator/customers').set(as(token)).query(query);
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of ['garbage', cursor(['adam apple']), cursor(['adam apple', 'not-a-uuid']), cursor({ key: 'a' }), cursor(['a', 1, 2])]) {
      expectError(await list({ cursor: bad }), 400, /^cursor is not valid; pass the nextCursor of the previous page$/);
    }
    // the right shape but not a real id: still a 400 without details
    expectError(await list({ cursor: cursor(['adam apple', '-'.repeat(36)]) }), 400);
    for (const limit of [501, 0, -1, 'ten', 1.5]) expectError(await list({ limit }), 400, /limit/);
    expect((await list({ limit: 500 })).status).toBe(200);
    // the customer's expenses with the same paging rules
    const expenses = (query: Record<string, unknown>) => t.http().get(`/api/operator/customers/${customers[1].id}/expenses`).set(as(token)).query(query);
    expectError(await expenses({ limit: 501 }), 400, /limit/);
    expectError(await expenses({ cursor: 'garbage' }), 400, /cursor is not valid/);
  });
});
