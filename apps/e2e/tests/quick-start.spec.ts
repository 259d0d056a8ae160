import { expect, test } from '@playwright/test';

const PASSWORD = 'Demo-Password-1';
const DEMO_LOGINS: Array<[string, string, string]> = [
  ['demo', 'admin@demo.test', 'admin'],
  ['demo', 'supervisor@demo.test', 'supervisor'],
  ['demo', 'reviewer@demo.test', 'reviewer'],
  ['demo', 'customer@demo.test', 'customer'],
  ['acme', 'admin@acme.test', 'admin'],
  ['acme', 'customer@acme.test', 'customer'],
];

test.describe('quick start: npm start on a fresh machine', () => {
  test('the API is healthy and ready', async ({ request }) => {
    expect((await request.get('/api/health')).status()).toBe(200);
    const ready = await request.get('/api/health/ready');
    expect(ready.status()).toBe(200);
    expect((await ready.json()).info.database.status).toBe('up');
  });

  for (const [tenant, email, role] of DEMO_LOGINS) {
    test(`demo login ${email} (${tenant}) works and has role ${role}`, async ({ request }) => {
      const res = await request.post('/api/auth/login', { data: { tenant, email, password: PASSWORD } });
      expect(res.status()).toBe(200);
      const body = await res.json();
      expect(body.user).toMatchObject({ email, role, tenantSlug: tenant });
      const me = await request.get('/api/auth/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
      expect((await me.json()).user.email).toBe(email);
    });
  }

  test('the demo tenant has 24 months of expenses for its customers', async ({ request }) => {
    const login = await request.post('/api/auth/login', { data: { tenant: 'demo', email: 'admin@demo.test', password: PASSWORD } });
    expect(login.status()).toBe(200);
    const { accessToken } = await login.json();
    const users = await request.get('/api/admin/users?role=customer&limit=500', { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await users.json()).total).toBeGreaterThanOrEqual(26);
  });

  test('the demo tenants are analysed once at first start, so the review queue holds findings', async ({ request }) => {
    test.setTimeout(180_000);
    const login = await request.post('/api/auth/login', { data: { tenant: 'demo', email: 'reviewer@demo.test', password: PASSWORD } });
    expect(login.status()).toBe(200);
    const { accessToken } = await login.json();
    const headers = { authorization: `Bearer ${accessToken}` };
    let runs: Array<{ status: string; findingsCreated: number }> = [];
    await expect
      .poll(
        async () => {
          runs = (await (await request.get('/api/analysis/runs?limit=500', { headers })).json()).items;
          return runs.length > 0 && runs.every((r) => r.status === 'succeeded' || r.status === 'failed');
        },
        { timeout: 150_000, intervals: [2000] },
      )
      .toBe(true);
    expect(runs.length).toBeGreaterThanOrEqual(20); // the consenting demo customers
    expect(runs.filter((r) => r.status === 'succeeded').length).toBe(runs.length);
    expect(runs.reduce((n, r) => n + r.findingsCreated, 0)).toBeGreaterThan(0);
  });

  test('API documentation renders in the browser', async ({ page }) => {
    await page.goto('/api/docs');
    await expect(page.getByText('Spendguard API')).toBeVisible();
    await expect(page.locator('.opblock-tag', { hasText: 'auth' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('api-docs.png'), fullPage: false });
  });
});
