import { login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('tenant administration', () => {
  let t: TestApp;
  let demo: TenantFixture;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
  });
  afterAll(() => t.close());

  it('an admin creates operator accounts who can then sign in', async () => {
    const res = await t
      .http()
      .post('/api/admin/users')
      .set(as(demo.users.admin.token))
      .send({ email: 'Second.Reviewer@demo.test', password: 'Reviewer-pass-2', role: 'reviewer', displayName: 'Second Reviewer' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'second.reviewer@demo.test', role: 'reviewer', locked: false, lastLoginAt: null });
    const session = await login(t, 'demo', 'second.reviewer@demo.test', 'Reviewer-pass-2');
    expect(session.user.role).toBe('reviewer');
  });

  it('refuses customer accounts, unknown roles, duplicates and weak passwords with clear messages', async () => {
    const bad = await t
      .http()
      .post('/api/admin/users')
      .set(as(demo.users.admin.token))
      .send({ email: 'c@demo.test', password: 'Reviewer-pass-2', role: 'customer', displayName: 'C' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['role must be one of: reviewer, supervisor, admin']);
    const dup = await t
      .http()
      .post('/api/admin/users')
      .set(as(demo.users.admin.token))
      .send({ email: 'reviewer@demo.test', password: 'Reviewer-pass-2', role: 'reviewer', displayName: 'Dup' });
    expect(dup.status).toBe(409);
    const weak = await t
      .http()
      .post('/api/admin/users')
      .set(as(demo.users.admin.token))
      .send({ email: 'weak@demo.test', password: '1234567890', role: 'reviewer', displayName: 'Weak' });
    expect(weak.status).toBe(400);
  });

  it('only admins manage users and settings: customers, reviewers and supervisors get 403', async () => {
    for (const role of ['customer', 'reviewer', 'supervisor'] as const) {
      const token = demo.users[role].token;
      expect((await t.http().get('/api/admin/users').set(as(token))).status).toBe(403);
      expect((await t.http().get('/api/admin/tenant').set(as(token))).status).toBe(403);
      expect((await t.http().patch('/api/admin/tenant').set(as(token)).send({ fourEyes: false })).status).toBe(403);
      const create = await t
        .http()
        .post('/api/admin/users')
        .set(as(token))
        .send({ email: `x-${role}@demo.test`, password: 'Reviewer-pass-2', role: 'admin', displayName: 'X' });
      expect(create.status).toBe(403);
    }
    expect((await t.http().get('/api/admin/users')).status).toBe(401);
  });

  it('lists users with a role filter, search and cursor paging', async () => {
    const first = await t.http().get('/api/admin/users').query({ limit: 2 }).set(as(demo.users.admin.token));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBe(5);
    const second = await t.http().get('/api/admin/users').query({ limit: 2, cursor: first.body.nextCursor }).set(as(demo.users.admin.token));
    const third = await t.http().get('/api/admin/users').query({ limit: 2, cursor: second.body.nextCursor }).set(as(demo.users.admin.token));
    const emails = [...first.body.items, ...second.body.items, ...third.body.items].map((u: { email: string }) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(new Set(emails).size).toBe(5);
    expect(third.body.nextCursor).toBeNull();
    const reviewers = await t.http().get('/api/admin/users').query({ role: 'reviewer' }).set(as(demo.users.admin.token));
    expect(reviewers.body.items.every((u: { role: string }) => u.role === 'reviewer')).toBe(true);
    const search = await t.http().get('/api/admin/users').query({ q: 'SUPERVISOR' }).set(as(demo.users.admin.token));
    expect(search.body.items.map((u: { email: string }) => u.email)).toEqual(['supervisor@demo.test']);
    const badCursor = await t.http().get('/api/admin/users').query({ cursor: 'nope' }).set(as(demo.users.admin.token));
    expect(badCursor.status).toBe(400);
    const badLimit = await t.http().get('/api/admin/users').query({ limit: 9999 }).set(as(demo.users.admin.token));
    expect(badLimit.status).toBe(400);
  });

  it('reads and updates tenant settings with validation', async () => {
    const before = await t.http().get('/api/admin/tenant').set(as(demo.users.admin.token));
    expect(before.body).toMatchObject({ slug: 'demo', nightlyAt: '02:00', flagBudget: 0.02, fourEyes: true, slaHours: { high: 24, medium: 72, low: 168 } });
    const patch = await t
      .http()
      .patch('/api/admin/tenant')
      .set(as(demo.users.admin.token))
      .send({ timezone: 'Europe/Berlin', currency: 'EUR', locale: 'de-DE', nightlyAt: '03:30', flagBudget: 0.01, fourEyes: false, slaHours: { high: 8, medium: 48, low: 120 } });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ timezone: 'Europe/Berlin', currency: 'EUR', locale: 'de-DE', nightlyAt: '03:30', flagBudget: 0.01, fourEyes: false, slaHours: { high: 8, medium: 48, low: 120 } });
    const bad = await t
      .http()
      .patch('/api/admin/tenant')
      .set(as(demo.users.admin.token))
      .send({ timezone: 'Mars/Olympus', currency: 'XYZ', nightlyAt: '25:00', flagBudget: 0.5, slaHours: { high: 0, medium: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        'timezone must be an IANA time zone such as Europe/Berlin',
        'currency must be an ISO 4217 currency code such as USD or EUR',
        'nightlyAt must be a time of day as HH:MM (00:00 to 23:59)',
        'flagBudget must not be greater than 0.2',
      ]),
    );
    const empty = await t.http().patch('/api/admin/tenant').set(as(demo.users.admin.token)).send({});
    expect(empty.status).toBe(400);
    const after = await t.http().get('/api/admin/tenant').set(as(demo.users.admin.token));
    expect(after.body.nightlyAt).toBe('03:30');
  });

  it('every signed-in user reads their own tenant profile (name, currency, locale, time zone), nothing more', async () => {
    const acme = await tenantWithEveryRole(t, 'acme-profile');
    for (const role of ['customer', 'reviewer', 'supervisor', 'admin'] as const) {
      const res = await t.http().get('/api/tenant').set(as(demo.users[role].token));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['currency', 'locale', 'name', 'slug', 'timezone']);
      expect(res.body.slug).toBe('demo');
    }
    const other = await t.http().get('/api/tenant').set(as(acme.users.customer.token));
    expect(other.body.slug).toBe('acme-profile');
    expect((await t.http().get('/api/tenant')).status).toBe(401);
  });
});
