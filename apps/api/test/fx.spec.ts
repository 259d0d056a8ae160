import { startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('FX rates (admin)', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
  });
  afterAll(() => t.close());

  it('admins add, replace, list and remove monthly rates into the base currency', async () => {
    const put = await t
      .http()
      .put('/api/admin/fx-rates')
      .set(as(demo.users.admin.token))
      .send({
        rates: [
          { month: '2024-01', currency: 'EUR', rate: '1.09' },
          { month: '2024-02', currency: 'EUR', rate: 1.0845 },
          { month: '2024-02', currency: 'INR', rate: '0.01205' },
        ],
      });
    expect(put.status).toBe(200);
    expect(put.body.baseCurrency).toBe('USD');
    expect(put.body.items.map((r: { month: string; currency: string; rate: string }) => [r.month, r.currency, r.rate])).toEqual([
      ['2024-02', 'EUR', '1.0845'],
      ['2024-02', 'INR', '0.01205'],
      ['2024-01', 'EUR', '1.09'],
    ]);
    await t.http().put('/api/admin/fx-rates').set(as(demo.users.admin.token)).send({ rates: [{ month: '2024-01', currency: 'EUR', rate: '1.1' }] });
    const listed = await t.http().get('/api/admin/fx-rates').set(as(demo.users.admin.token)).query({ currency: 'EUR', from: '2024-01', to: '2024-01' });
    expect(listed.body.items).toEqual([expect.objectContaining({ month: '2024-01', currency: 'EUR', rate: '1.1' })]);

    expect((await t.http().delete('/api/admin/fx-rates/2024-01/EUR').set(as(demo.users.admin.token))).status).toBe(204);
    expect((await t.http().delete('/api/admin/fx-rates/2024-01/EUR').set(as(demo.users.admin.token))).status).toBe(404);
    expect((await t.http().delete('/api/admin/fx-rates/garbage/EUR').set(as(demo.users.admin.token))).status).toBe(404);
    expect((await t.http().get('/api/admin/fx-rates').set(as(demo.users.admin.token))).body.items).toHaveLength(2);
    // another tenant's admin sees none of them
    expect((await t.http().get('/api/admin/fx-rates').set(as(acme.users.admin.token))).body.items).toEqual([]);
  });

  it('refuses bad rates, the base currency and duplicates', async () => {
    const send = (rates: unknown) => t.http().put('/api/admin/fx-rates').set(as(demo.users.admin.token)).send({ rates });
    for (const [rates, message] of [
      [[{ month: '2024-01', currency: 'EUR', rate: '0' }], 'rate must be greater than zero'],
      [[{ month: '2024-01', currency: 'EUR', rate: '-1' }], 'rate must be a positive decimal such as 1.0845'],
      [[{ month: '2024-01', currency: 'EUR', rate: '1.123456789' }], 'rate must have at most 8 decimals'],
      [[{ month: '2024-13', currency: 'EUR', rate: '1' }], 'month must be a month written YYYY-MM'],
      [[{ month: '2024-01', currency: 'EURO', rate: '1' }], 'currency must be an ISO 4217 currency code such as USD or EUR'],
      [[{ month: '2024-01', currency: 'USD', rate: '1' }], 'rates[0]: USD is the base currency (its rate is always 1)'],
      [[{ month: '2024-01', currency: 'EUR', rate: '1' }, { month: '2024-01', currency: 'EUR', rate: '2' }], 'rates[1] repeats EUR for 2024-01'],
      [[], 'rates must not be empty'],
    ] as const) {
      const res = await send(rates);
      expect({ rates, status: res.status }).toEqual({ rates, status: 400 });
      expect([res.body.message].flat().join(' | ')).toContain(message);
    }
  });

  it('only admins maintain rates', async () => {
    for (const role of ['customer', 'reviewer', 'supervisor'] as const) {
      expect((await t.http().get('/api/admin/fx-rates').set(as(demo.users[role].token))).status).toBe(403);
      const put = await t.http().put('/api/admin/fx-rates').set(as(demo.users[role].token)).send({ rates: [{ month: '2024-01', currency: 'EUR', rate: '1' }] });
      expect(put.status).toBe(403);
      expect((await t.http().delete('/api/admin/fx-rates/2024-02/EUR').set(as(demo.users[role].token))).status).toBe(403);
    }
  });
});
