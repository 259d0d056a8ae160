import { createUser, login, plantLedger, setConsent, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import type { BudgetStatusView, CategorySuggestionView, ForecastView, UpcomingChargesView } from '@spendguard/contracts';
import { AppModule } from '../src/app/app.module';

describe('customer outlook: forecast, upcoming recurring charges, category suggestions', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  /** Same kind of history as the demo customer, but no analysis consent (the fixtures' default). */
  let nina: { id: string; token: string };
  const as = (tk: string) => ({ authorization: `Bearer ${tk}` });
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    await plantLedger(t.owner, demo.tenantId, demo.users.customer.id, { seed: 'outlook', months: 24, endDate: today });
    await setConsent(t.owner, demo.tenantId, demo.users.customer.id, true);
    const ninaId = await createUser(t.owner, demo.tenantId, { email: 'nina@demo.test', role: 'customer' });
    await plantLedger(t.owner, demo.tenantId, ninaId, { seed: 'outlook', months: 24, endDate: today });
    nina = { id: ninaId, token: (await login(t, 'demo', 'nina@demo.test')).accessToken };
  }, 120_000);
  afterAll(() => t.close());

  it('forecasts the next three months per category and in total, with 80% intervals around the mean', async () => {
    const res = await t.http().get('/api/outlook/forecast').set(as(demo.users.customer.token));
    expect(res.status).toBe(200);
    const body = res.body as ForecastView;
    expect(body.consentRequired).toBe(false);
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
    expect(body.consentRequired).toBe(false);
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

  it('never shows another customer’s data, in the same tenant or another: a consenting customer without history gets empty answers', async () => {
    const neighbourId = await createUser(t.owner, demo.tenantId, { email: 'neighbour@demo.test', role: 'customer' });
    expect(neighbourId).not.toBe(demo.users.customer.id);
    await setConsent(t.owner, demo.tenantId, neighbourId, true);
    await setConsent(t.owner, acme.tenantId, acme.users.customer.id, true);
    const neighbour = (await login(t, 'demo', 'neighbour@demo.test')).accessToken;
    for (const other of [neighbour, acme.users.customer.token]) await expectNothing(other, false);
  });

  async function expectNothing(other: string, consentRequired: boolean): Promise<void> {
    const forecastRes = await t.http().get('/api/outlook/forecast').set(as(other));
    expect(forecastRes.status).toBe(200);
    const forecast = forecastRes.body as ForecastView;
    expect(forecast.consentRequired).toBe(consentRequired);
    expect(forecast.categories).toEqual([]);
    expect(forecast.total).toEqual([]);
    expect(forecast.months).toEqual([]);
    const recurringRes = await t.http().get('/api/outlook/recurring').set(as(other));
    expect(recurringRes.status).toBe(200);
    const recurring = recurringRes.body as UpcomingChargesView;
    expect(recurring.consentRequired).toBe(consentRequired);
    expect(recurring.items).toEqual([]);
    const s = await t.http().get('/api/categories/suggest').set(as(other)).query({ description: 'groceries' });
    expect(s.status).toBe(200);
    expect(s.body === null || Object.keys(s.body).length === 0).toBe(true);
  }

  describe('without analysis consent nothing models the customer’s spending', () => {
    const groceriesSample = async (token: string) =>
      (await t.http().get('/api/expenses').set(as(token)).query({ limit: 200 })).body.items.find(
        (e: { categoryId: string | null; category: string | null }) => e.categoryId && e.category === 'Groceries',
      ) as { description: string; merchant: string | null; categoryId: string };

    it('forecast and recurring answer 200 with consentRequired and no data; suggest answers null, even for a description it would know', async () => {
      await expectNothing(nina.token, true);
      const sample = await groceriesSample(nina.token);
      const s = await t.http().get('/api/categories/suggest').set(as(nina.token)).query({ description: sample.description, merchant: sample.merchant ?? undefined });
      expect(s.status).toBe(200);
      expect(s.body === null || Object.keys(s.body).length === 0).toBe(true);
    });

    it('granting consent turns the outlook on, revoking it turns it off again', async () => {
      await setConsent(t.owner, demo.tenantId, nina.id, true);
      try {
        const forecast = (await t.http().get('/api/outlook/forecast').set(as(nina.token))).body as ForecastView;
        expect(forecast.consentRequired).toBe(false);
        expect(forecast.total).toHaveLength(3);
        const recurring = (await t.http().get('/api/outlook/recurring').set(as(nina.token))).body as UpcomingChargesView;
        expect(recurring.items.length).toBeGreaterThan(0);
        const sample = await groceriesSample(nina.token);
        const s = await t.http().get('/api/categories/suggest').set(as(nina.token)).query({ description: sample.description, merchant: sample.merchant ?? undefined });
        expect(s.body).toMatchObject({ category: 'Groceries' });
      } finally {
        await setConsent(t.owner, demo.tenantId, nina.id, false);
      }
      await expectNothing(nina.token, true);
    });

    it("this month's budget status: the forecast for a consenting customer, the pace projection without consent", async () => {
      const month = today.slice(0, 7);
      const statusOf = async (token: string) => {
        const categories = await t.http().get('/api/categories').set(as(token));
        const groceries = categories.body.items.find((c: { name: string }) => c.name === 'Groceries');
        expect((await t.http().put('/api/budgets').set(as(token)).send({ categoryId: groceries.id, amount: '400.00' })).status).toBeLessThan(300);
        const res = await t.http().get('/api/budgets/status').query({ month }).set(as(token));
        expect(res.status).toBe(200);
        return res.body as BudgetStatusView;
      };
      const consenting = await statusOf(demo.users.customer.token);
      expect(consenting.projectionMethod).toBe('forecast');
      const without = await statusOf(nina.token);
      expect(without.projectionMethod).toBe('pace');
      // the bars keep a month-end estimate: this month's spending at its own daily pace, no model involved
      const [item] = without.items;
      expect(item).toMatchObject({ category: 'Groceries', budget: '400.00' });
      expect(item.projected).not.toBeNull();
      expect(Number(item.projected)).toBeCloseTo((Number(item.spent) * without.daysInMonth) / without.daysElapsed, 1);
      expect(Number(item.projectedLow)).toBeLessThanOrEqual(Number(item.projected));
      // the same customer once consenting gets the forecast
      await setConsent(t.owner, demo.tenantId, nina.id, true);
      try {
        expect((await t.http().get('/api/budgets/status').query({ month }).set(as(nina.token))).body.projectionMethod).toBe('forecast');
      } finally {
        await setConsent(t.owner, demo.tenantId, nina.id, false);
      }
    });
  });

  it('answers 401 without a token and 403 to operators', async () => {
    for (const path of ['/api/outlook/forecast', '/api/outlook/recurring', '/api/categories/suggest?description=x']) {
      expect((await t.http().get(path)).status).toBe(401);
      for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
        expect({ path, role, status: (await t.http().get(path).set(as(demo.users[role].token))).status }).toEqual({ path, role, status: 403 });
      }
    }
  });
});
