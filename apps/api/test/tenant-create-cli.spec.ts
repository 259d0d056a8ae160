import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { login, startTestApp, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

describe('npm run tenant:create', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
  });
  afterAll(() => t.close());

  const cli = (args: string[]) =>
    run(process.execPath, ['-r', './tools/ts-register.cjs', 'tools/tenant-create.ts', ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: t.db.appUrl, BCRYPT_COST: '10' },
    });

  it('creates a tenant with default categories and an admin who can sign in', async () => {
    const { stdout } = await cli([
      '--slug', 'northwind', '--name', 'Northwind Savings', '--admin-email', 'Boss@Northwind.example',
      '--admin-password', 'Northwind-admin-1', '--currency', 'GBP', '--timezone', 'Europe/London', '--locale', 'en-GB',
    ]);
    const created = JSON.parse(stdout.trim());
    expect(created.slug).toBe('northwind');
    const session = await login(t, 'northwind', 'boss@northwind.example', 'Northwind-admin-1');
    expect(session.user.role).toBe('admin');
    const settings = await t.http().get('/api/admin/tenant').set('authorization', `Bearer ${session.accessToken}`);
    expect(settings.body).toMatchObject({ name: 'Northwind Savings', currency: 'GBP', timezone: 'Europe/London', locale: 'en-GB' });
    const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM categories WHERE tenant_id = $1 AND is_default`, [created.tenantId]);
    expect(n).toBe(15);
  }, 60_000);

  it('refuses a taken slug and bad arguments with messages, creating nothing', async () => {
    await expect(
      cli(['--slug', 'northwind', '--name', 'Again', '--admin-email', 'a@b.example', '--admin-password', 'Northwind-admin-1']),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/already exists/) });
    await expect(
      cli(['--slug', 'Bad Slug', '--name', '', '--admin-email', 'nope', '--admin-password', 'short', '--currency', 'XXQ']),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/--slug must be[\s\S]*--name is required[\s\S]*--admin-email[\s\S]*--admin-password[\s\S]*--currency/),
    });
    const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM tenants`);
    expect(n).toBe(1);
  }, 60_000);
});
