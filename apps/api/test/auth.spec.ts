import bcrypt from 'bcrypt';
import { rows, runInTenant } from '@spendguard/server-data';
import {
  createTenant,
  createUser,
  login,
  startTestApp,
  TEST_PASSWORD,
  TestApp,
} from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('authentication', () => {
  let t: TestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    tenantId = await createTenant(t.owner, 'demo');
  });
  afterAll(() => t.close());

  describe('register', () => {
    it('creates a customer with a bcrypt hash of the configured cost and answers 201 with the user', async () => {
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ tenant: 'demo', email: '  New.Person@Example.com ', password: 'A-good-password-1', displayName: 'New Person' });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ email: 'new.person@example.com', role: 'customer', tenantSlug: 'demo', tenantId });
      const [stored] = await t.owner.query(`SELECT password_hash FROM users WHERE id = $1`, [res.body.user.id]);
      expect(bcrypt.getRounds(stored.password_hash)).toBe(t.config.bcryptCost);
      expect(await bcrypt.compare('A-good-password-1', stored.password_hash)).toBe(true);
      const [consent] = await t.owner.query(`SELECT analysis_granted FROM consents WHERE user_id = $1`, [res.body.user.id]);
      expect(consent.analysis_granted).toBe(false);
    });

    it('refuses a second account with the same email in the tenant (409)', async () => {
      const body = { tenant: 'demo', email: 'twice@example.com', password: 'A-good-password-1', displayName: 'Twice' };
      expect((await t.http().post('/api/auth/register').send(body)).status).toBe(201);
      const again = await t.http().post('/api/auth/register').send({ ...body, email: 'TWICE@example.com' });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/already exists/);
    });

    it('answers 404 for an unknown tenant', async () => {
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ tenant: 'nope', email: 'a@example.com', password: 'A-good-password-1', displayName: 'A' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Tenant not found', requestId: expect.any(String) });
    });

    it('lists every field problem of a malformed body and rejects unknown fields (400)', async () => {
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ tenant: 'Demo Bank!', email: 'not-an-email', password: 'short', displayName: '', role: 'admin' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('Bad Request');
      expect(res.body.message).toEqual(
        expect.arrayContaining([
          'property role should not exist',
          'email must be a valid email address',
          'tenant must be a tenant slug (lower-case letters, digits and dashes)',
          'password must be longer than or equal to 10 characters',
          'displayName must not be empty',
        ]),
      );
    });

    it('rejects a weak password with a message that says why', async () => {
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ tenant: 'demo', email: 'weak@example.com', password: 'aaaaaaaaaaaa', displayName: 'Weak' });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('password must contain letters and at least one digit or symbol');
    });

    it('answers 400 for a body that is not JSON, without a stack trace', async () => {
      const res = await t.http().post('/api/auth/register').set('content-type', 'application/json').send('{"tenant":');
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('The request body is not valid JSON');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
    });
  });

  describe('login', () => {
    beforeAll(async () => {
      await createUser(t.owner, tenantId, { email: 'login@demo.test', role: 'customer' });
    });

    it('returns tokens and the user', async () => {
      const res = await t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'login@demo.test', password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ expiresIn: 900, tokenType: 'Bearer', user: { email: 'login@demo.test', role: 'customer' } });
      const payload = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(900);
      const me = await t.http().get('/api/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.user).toEqual(res.body.user);
    });

    it('gives the same 401 for an unknown email, a wrong password and an unknown tenant', async () => {
      const wrongPassword = await t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'login@demo.test', password: 'Wrong-password-1' });
      const unknownEmail = await t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'ghost@demo.test', password: 'Wrong-password-1' });
      const unknownTenant = await t.http().post('/api/auth/login').send({ tenant: 'ghost', email: 'login@demo.test', password: TEST_PASSWORD });
      for (const res of [wrongPassword, unknownEmail, unknownTenant]) {
        expect(res.status).toBe(401);
        expect(res.body.message).toBe('Invalid email or password');
      }
    });

    it('locks the account for 15 minutes after 5 consecutive failures (423), even for the right password', async () => {
      await createUser(t.owner, tenantId, { email: 'lockme@demo.test', role: 'customer' });
      const attempt = (password: string) =>
        t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'lockme@demo.test', password });
      for (let i = 0; i < 4; i++) expect((await attempt('Wrong-password-1')).status).toBe(401);
      const fifth = await attempt('Wrong-password-1');
      expect(fifth.status).toBe(423);
      expect(fifth.body.message).toMatch(/locked .* try again in 15 minutes/);
      const right = await attempt(TEST_PASSWORD);
      expect(right.status).toBe(423);
      const [row] = await t.owner.query(`SELECT locked_until - now() AS remaining FROM users WHERE email = 'lockme@demo.test'`);
      expect(row.remaining.minutes).toBe(14);
    });

    it('a successful sign-in resets the failure count', async () => {
      await createUser(t.owner, tenantId, { email: 'reset@demo.test', role: 'customer' });
      const attempt = (password: string) => t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'reset@demo.test', password });
      for (let i = 0; i < 4; i++) await attempt('Wrong-password-1');
      expect((await attempt(TEST_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await attempt('Wrong-password-1')).status).toBe(401);
    });

    it('an expired lock starts a fresh count', async () => {
      await createUser(t.owner, tenantId, { email: 'expired@demo.test', role: 'customer' });
      await t.owner.query(
        `UPDATE users SET failed_logins = 5, locked_until = now() - interval '1 minute' WHERE email = 'expired@demo.test'`,
      );
      const res = await t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'expired@demo.test', password: 'Wrong-password-1' });
      expect(res.status).toBe(401);
      expect((await t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'expired@demo.test', password: TEST_PASSWORD })).status).toBe(200);
    });
  });

  describe('refresh tokens', () => {
    beforeAll(async () => {
      await createUser(t.owner, tenantId, { email: 'refresh@demo.test', role: 'reviewer' });
    });

    it('rotate: each refresh returns a new pair and spends the old refresh token', async () => {
      const first = await login(t, 'demo', 'refresh@demo.test');
      const second = await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect(second.body.user.role).toBe('reviewer');
      const third = await t.http().post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);
      const stored = await t.owner.query(`SELECT token_hash FROM refresh_tokens`);
      for (const { token_hash } of stored) expect(first.refreshToken).not.toContain(token_hash);
    });

    it('reuse of a spent token answers 401 and revokes the whole family', async () => {
      const first = await login(t, 'demo', 'refresh@demo.test');
      const second = (await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken })).body;
      const replay = await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body.message).toMatch(/already used/);
      // The legitimate holder's newer token is dead too.
      const after = await t.http().post('/api/auth/refresh').send({ refreshToken: second.refreshToken });
      expect(after.status).toBe(401);
      const sessions = await t.http().get('/api/auth/sessions').set('authorization', `Bearer ${second.accessToken}`);
      expect(sessions.body.items.find((s: { id: string }) => s.id === sessionIdOf(second.accessToken))).toBeUndefined();
    });

    it('two concurrent refreshes with one token: at most one succeeds', async () => {
      const first = await login(t, 'demo', 'refresh@demo.test');
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken })),
      );
      expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
      expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(4);
    });

    it('tampered, malformed and expired tokens answer 401', async () => {
      const first = await login(t, 'demo', 'refresh@demo.test');
      const [tenant, id, secret] = first.refreshToken.split('.');
      const tampered = `${tenant}.${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: tampered })).status).toBe(401);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: 'garbage' })).status).toBe(401);
      await t.owner.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      const expired = await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(expired.status).toBe(401);
      expect(expired.body.message).toMatch(/expired/);
    });

    it('logout revokes the session; logging out again is harmless (204)', async () => {
      const session = await login(t, 'demo', 'refresh@demo.test');
      expect((await t.http().post('/api/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
      expect((await t.http().post('/api/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
      expect((await t.http().post('/api/auth/logout').send({})).status).toBe(400);
    });
  });

  describe('sessions and password', () => {
    it('lists sessions with the current one marked, and revokes another', async () => {
      await createUser(t.owner, tenantId, { email: 'sessions@demo.test', role: 'customer' });
      const a = await login(t, 'demo', 'sessions@demo.test');
      const b = await login(t, 'demo', 'sessions@demo.test');
      const list = await t.http().get('/api/auth/sessions').set('authorization', `Bearer ${a.accessToken}`).set('user-agent', 'jest');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      const other = list.body.items.find((s: { current: boolean }) => !s.current);
      expect(other.id).toBe(sessionIdOf(b.accessToken));
      const del = await t.http().delete(`/api/auth/sessions/${other.id}`).set('authorization', `Bearer ${a.accessToken}`);
      expect(del.status).toBe(204);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: b.refreshToken })).status).toBe(401);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken })).status).toBe(200);
      const again = await t.http().delete(`/api/auth/sessions/${other.id}`).set('authorization', `Bearer ${a.accessToken}`);
      expect(again.status).toBe(404);
      expect((await t.http().delete('/api/auth/sessions/not-a-uuid').set('authorization', `Bearer ${a.accessToken}`)).status).toBe(404);
    });

    it('changing the password needs the current one and signs out the other sessions', async () => {
      await createUser(t.owner, tenantId, { email: 'pw@demo.test', role: 'customer' });
      const a = await login(t, 'demo', 'pw@demo.test');
      const b = await login(t, 'demo', 'pw@demo.test');
      const wrong = await t
        .http()
        .post('/api/auth/password')
        .set('authorization', `Bearer ${a.accessToken}`)
        .send({ currentPassword: 'Not-the-password-1', newPassword: 'Brand-new-secret-2' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toBe('currentPassword is not correct');
      const ok = await t
        .http()
        .post('/api/auth/password')
        .set('authorization', `Bearer ${a.accessToken}`)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'Brand-new-secret-2' });
      expect(ok.status).toBe(204);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: b.refreshToken })).status).toBe(401);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken })).status).toBe(200);
      expect((await t.http().post('/api/auth/login').send({ tenant: 'demo', email: 'pw@demo.test', password: TEST_PASSWORD })).status).toBe(401);
      await login(t, 'demo', 'pw@demo.test', 'Brand-new-secret-2');
    });

    it('refuses an unchanged or weak new password', async () => {
      await createUser(t.owner, tenantId, { email: 'pw2@demo.test', role: 'customer' });
      const a = await login(t, 'demo', 'pw2@demo.test');
      const same = await t
        .http()
        .post('/api/auth/password')
        .set('authorization', `Bearer ${a.accessToken}`)
        .send({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
      expect(same.status).toBe(400);
      expect(same.body.message).toMatch(/must differ/);
      const weak = await t
        .http()
        .post('/api/auth/password')
        .set('authorization', `Bearer ${a.accessToken}`)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'abababababab' });
      expect(weak.status).toBe(400);
      expect(weak.body.message).toMatch(/^newPassword must contain/);
    });
  });

  describe('access tokens', () => {
    it('401 without a token, with a malformed one, with a wrong signature and when expired', async () => {
      expect((await t.http().get('/api/auth/me')).status).toBe(401);
      expect((await t.http().get('/api/auth/me').set('authorization', 'Bearer nonsense')).status).toBe(401);
      const jwt = await import('jsonwebtoken');
      const [user] = await t.owner.query(`SELECT id FROM users LIMIT 1`);
      const claims = { sub: user.id, tid: tenantId, ten: 'demo', role: 'admin', sid: user.id };
      const forged = jwt.sign(claims, 'some-other-secret-of-enough-length-000000', { audience: 'spendguard-api', issuer: 'spendguard', expiresIn: 60 });
      expect((await t.http().get('/api/auth/me').set('authorization', `Bearer ${forged}`)).status).toBe(401);
      const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, t.config.jwtSecret, {
        audience: 'spendguard-api',
        issuer: 'spendguard',
      });
      const res = await t.http().get('/api/auth/me').set('authorization', `Bearer ${expired}`);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Missing, invalid or expired access token');
    });

    it('a token accepted before stops working the moment it expires (verified tokens are remembered only until then)', async () => {
      const jwt = await import('jsonwebtoken');
      await createUser(t.owner, tenantId, { email: 'shortlived@demo.test', role: 'customer' });
      const session = await login(t, 'demo', 'shortlived@demo.test');
      const { iat: _iat, exp: _exp, ...claims } = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString());
      const expiresAt = Math.floor(Date.now() / 1000) + 2;
      const shortLived = jwt.sign({ ...claims, exp: expiresAt }, t.config.jwtSecret);
      const me = () => t.http().get('/api/auth/me').set('authorization', `Bearer ${shortLived}`);
      expect((await me()).status).toBe(200);
      expect((await me()).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
      expect((await me()).status).toBe(401);
      // and a token differing in one signature character is verified afresh, not taken for the remembered one
      const tampered = session.accessToken.slice(0, -2) + (session.accessToken.endsWith('AA') ? 'BB' : 'AA');
      expect((await t.http().get('/api/auth/me').set('authorization', `Bearer ${session.accessToken}`)).status).toBe(200);
      expect((await t.http().get('/api/auth/me').set('authorization', `Bearer ${tampered}`)).status).toBe(401);
    });
  });

  describe('rate limiting', () => {
    it('throttles sign-in attempts per client address (429)', async () => {
      const strict = await startTestApp((config) => AppModule.forRoot(config), { AUTH_RATE_LIMIT: '3' });
      try {
        await createTenant(strict.owner, 'demo');
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          statuses.push(
            (await strict.http().post('/api/auth/login').send({ tenant: 'demo', email: 'x@demo.test', password: 'Whatever-123' })).status,
          );
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
      } finally {
        await strict.close();
      }
    });
  });

  it('stores refresh tokens only as hashes and never stores passwords', async () => {
    const session = await login(t, 'demo', 'login@demo.test');
    const secret = session.refreshToken.split('.')[2];
    const dump = await runInTenant(t.owner, { tenantId }, (em) =>
      rows<{ dump: string }>(em, `SELECT (SELECT json_agg(r)::text FROM refresh_tokens r) || (SELECT json_agg(u)::text FROM users u) AS dump`),
    );
    expect(dump[0].dump).not.toContain(secret);
    expect(dump[0].dump).not.toContain(TEST_PASSWORD);
  });
});

function sessionIdOf(accessToken: string): string {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid;
}
