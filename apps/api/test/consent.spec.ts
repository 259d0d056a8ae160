import { ConsentService } from '@spendguard/server-expenses';
import { startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('consent', () => {
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

  it('starts without consent', async () => {
    const res = await t.http().get('/api/consent').set(as(demo.users.customer.token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ analysis: { granted: false, grantedAt: null, revokedAt: null }, history: [] });
  });

  it('logs every real change with time, IP and user agent; a repeated answer writes nothing', async () => {
    const token = demo.users.customer.token;
    const granted = await t.http().put('/api/consent').set(as(token)).set('user-agent', 'portal-test/1.0').send({ analysis: true });
    expect(granted.status).toBe(200);
    expect(granted.body.analysis).toMatchObject({ granted: true, grantedAt: expect.any(String), revokedAt: null });
    expect(granted.body.history).toEqual([{ action: 'granted', at: granted.body.analysis.grantedAt }]);

    const again = await t.http().put('/api/consent').set(as(token)).send({ analysis: true });
    expect(again.body).toEqual(granted.body);

    const revoked = await t.http().put('/api/consent').set(as(token)).set('user-agent', 'portal-test/2.0').send({ analysis: false });
    expect(revoked.body.analysis).toMatchObject({ granted: false, grantedAt: granted.body.analysis.grantedAt, revokedAt: expect.any(String) });
    expect(revoked.body.history.map((h: { action: string }) => h.action)).toEqual(['revoked', 'granted']);
    await t.http().put('/api/consent').set(as(token)).send({ analysis: false });

    const events = await t.owner.query(`SELECT action, ip, user_agent FROM consent_events WHERE user_id = $1 ORDER BY at`, [demo.users.customer.id]);
    expect(events).toEqual([
      { action: 'granted', ip: expect.stringMatching(/127\.0\.0\.1|::1/), user_agent: 'portal-test/1.0' },
      { action: 'revoked', ip: expect.stringMatching(/127\.0\.0\.1|::1/), user_agent: 'portal-test/2.0' },
    ]);
  });

  it('a customer without a consent row (never answered) revokes without writing; the first grant creates it', async () => {
    const { id, token } = acme.users.customer;
    await t.owner.query(`DELETE FROM consents WHERE user_id = $1`, [id]);
    const revoked = await t.http().put('/api/consent').set(as(token)).send({ analysis: false });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ analysis: { granted: false, grantedAt: null, revokedAt: null }, history: [] });
    expect(await t.owner.query(`SELECT 1 FROM consents WHERE user_id = $1`, [id])).toEqual([]);
    expect(await t.owner.query(`SELECT 1 FROM consent_events WHERE user_id = $1`, [id])).toEqual([]);

    const granted = await t.http().put('/api/consent').set(as(token)).send({ analysis: true });
    expect(granted.body.analysis).toMatchObject({ granted: true, grantedAt: expect.any(String) });
    expect(await t.owner.query(`SELECT action FROM consent_events WHERE user_id = $1`, [id])).toEqual([{ action: 'granted' }]);
    // back to the state the next test starts from
    await t.http().put('/api/consent').set(as(token)).send({ analysis: false });
  });

  it('refuses anything but a boolean', async () => {
    for (const body of [{}, { analysis: 'yes' }, { analysis: 1 }, { analysis: true, extra: 1 }]) {
      expect((await t.http().put('/api/consent').set(as(demo.users.customer.token)).send(body)).status).toBe(400);
    }
  });

  it('tells the analysis who may be analysed, per tenant', async () => {
    const consent = t.app.get(ConsentService);
    await t.http().put('/api/consent').set(as(acme.users.customer.token)).send({ analysis: true });
    expect(await consent.hasConsent({ tenantId: acme.tenantId }, acme.users.customer.id)).toBe(true);
    expect(await consent.hasConsent({ tenantId: demo.tenantId }, demo.users.customer.id)).toBe(false);
    expect(await consent.hasConsent({ tenantId: demo.tenantId }, acme.users.customer.id)).toBe(false);
    expect(await consent.hasConsent({ tenantId: acme.tenantId }, acme.users.admin.id)).toBe(false);
    expect(await consent.consentingCustomers({ tenantId: acme.tenantId })).toEqual([acme.users.customer.id]);
    expect(await consent.consentingCustomers({ tenantId: demo.tenantId })).toEqual([]);
  });

  it('is a customer route: operators get 403', async () => {
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      expect((await t.http().get('/api/consent').set(as(demo.users[role].token))).status).toBe(403);
      expect((await t.http().put('/api/consent').set(as(demo.users[role].token)).send({ analysis: true })).status).toBe(403);
    }
  });
});
