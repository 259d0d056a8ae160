import { createUser, login, plantLedger, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import type { CategorySuggestionView, ForecastView, UpcomingChargesView } from '@spendguard/contracts';
import { AppModule } from '../src/app/app.module';

describe('customer outlook: forecast, upcoming recurring charges, category suggestions', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  const as = (tk: string) => ({ authorization: `Bearer ${tk}` });
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    await plantLedger(t.owner, demo.tenantId, demo.users.customer.id, { seed: 'outlook', months: 24, endDate: today });
  }, 120_000);
  afterAll(() => t.close());

  it('forecasts the next three months per category and in total, with 80% intervals around the mean', async () => {
    const res = await t.http().get('/api/outlook/forecast').set(as(demo.users.customer.token));
    expect(res.status).toBe(200);
    const body = res.body as ForecastView;
    expect(body.months).toHaveLength(3);
    expect(body.months[0]).toBe(body.asOf.slice(0, 7));
    expect(body.categories.length).toBeGreaterThan(3);
    for (const p of [...body.total, ...body.categories.flatMap((c) => c.forecast)]) {
      expect(Number(p.lo80)).toBeLessThanOrEqual(Number(p.mean));
      expect(Number(p.hi80)).toBeGreaterThanOrEqual(Number(p.mean));
    }
    const sum = body.categories.reduce((s, c) => s + Number(c.forecast[0].mean), 0);
    expect(Number(body.total[0].mean)).toBeCloseTo(sum, 0);
  });

  it('lists recurring charges expected in the coming weeks, soonest first', async () => {
    const res = await t.http().get('/api/outlook/recurring').set(as(demo.users.customer.token));
    expect(res.status).toBe(200);
    const body = res.body as UpcomingChargesView;
    expect(body.items.length).toBeGreaterThan(0);
    const dates = body.items.map((i) => i.nextDate);
    expect(dates).toEqual([...dates].sort());
    for (const i of body.items) {
      expect(i.nextDate >= body.asOf).toBe(true);
      expect(Number(i.nextAmount)).toBeGreaterThan(0);
    }
  });

  it('suggests a category from the customer’s own labelled expenses when confident, null otherwise', async () => {
    const token = demo.users.customer.token;
    const sample = (await t.http().get('/api/expenses').set(as(token)).query({ limit: 200 })).body.items.find(
      (e: { categoryId: string | null; category: string | null }) => e.categoryId && e.category === 'Groceries',
    ) as { description: string; merchant: string | null; categoryId: string };
    const res = await t.http().get('/api/categories/suggest').set(as(token)).query({ description: sample.description, merchant: sample.merchant ?? undefined });
    expect(res.status).toBe(200);
    const suggestion = res.body as CategorySuggestionView;
    expect(suggestion).toMatchObject({ categoryId: sample.categoryId, category: 'Groceries' });
    expect(suggestion.confidence).toBeGreaterThanOrEqual(0.6);

    const gibberish = await t.http().get('/api/categories/suggest').set(as(token)).query({ description: 'qwxz zzkq vvprt' });
    expect(gibberish.status).toBe(200);
    expect(gibberish.body === null || Object.keys(gibberish.body).length === 0).toBe(true);
    expect((await t.http().get('/api/categories/suggest').set(as(token)).query({ description: '' })).status).toBe(400);
  });

  it('never shows another customer’s data, in the same tenant or another: a customer without history gets empty answers', async () => {
    const neighbourId = await createUser(t.owner, demo.tenantId, { email: 'neighbour@demo.test', role: 'customer' });
    expect(neighbourId).not.toBe(demo.users.customer.id);
    const neighbour = (await login(t, 'demo', 'neighbour@demo.test')).accessToken;
    for (const other of [neighbour, acme.users.customer.token]) await expectNothing(other);
  });

  async function expectNothing(other: string): Promise<void> {
    const forecast = (await t.http().get('/api/outlook/forecast').set(as(other))).body as ForecastView;
    expect(forecast.categories).toEqual([]);
    expect(forecast.total).toEqual([]);
    expect(((await t.http().get('/api/outlook/recurring').set(as(other))).body as UpcomingChargesView).items).toEqual([]);
    const s = await t.http().get('/api/categories/suggest').set(as(other)).query({ description: 'groceries' });
    expect(s.body === null || Object.keys(s.body).length === 0).toBe(true);
  }

  it('answers 401 without a token and 403 to operators', async () => {
    for (const path of ['/api/outlook/forecast', '/api/outlook/recurring', '/api/categories/suggest?description=x']) {
      expect((await t.http().get(path)).status).toBe(401);
      for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
        expect({ path, role, status: (await t.http().get(path).set(as(demo.users[role].token))).status }).toEqual({ path, role, status: 403 });
      }
    }
  });
});
