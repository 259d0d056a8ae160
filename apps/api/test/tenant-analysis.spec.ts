import { DataSource } from 'typeorm';
import { runTenantAnalysis } from '@spendguard/server-analysis';
import { createTenant, createUser, login, plantLedger, setConsent, startTestApp, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('per-tenant analysis: category merges and auto-categorisation', () => {
  let t: TestApp;
  let tenantId: string;
  let customer: string;
  let other: string;
  let supermarket: string;
  const uncategorised: Record<string, string> = {};
  let transportText = '';

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    tenantId = await createTenant(t.owner, 'weekly', { timezone: 'UTC' });
    customer = await createUser(t.owner, tenantId, { email: 'c@weekly.test', role: 'customer' });
    other = await createUser(t.owner, tenantId, { email: 'o@weekly.test', role: 'customer' });
    await plantLedger(t.owner, tenantId, customer, { seed: 21, endDate: new Date().toISOString().slice(0, 10) });
    await setConsent(t.owner, tenantId, customer, true);
    await setConsent(t.owner, tenantId, other, false);
    // the customer files some groceries under a category of their own
    const [cat] = await t.owner.query(
      `INSERT INTO categories (tenant_id, user_id, name) VALUES ($1, $2, 'Supermarket') RETURNING id`,
      [tenantId, customer],
    );
    supermarket = cat.id;
    await t.owner.query(
      `UPDATE expenses SET category_id = $3 WHERE id IN (
         SELECT e.id FROM expenses e JOIN categories g ON g.id = e.category_id AND g.name = 'Groceries'
          WHERE e.tenant_id = $1 AND e.user_id = $2 ORDER BY e.occurred_on DESC LIMIT 40)`,
      [tenantId, customer, supermarket],
    );
    // recent expenses without a category, for the consenting customer and one who did not consent
    const today = new Date().toISOString().slice(0, 10);
    // a fare like the ones the customer already has, with another reference number
    const [fare] = await t.owner.query(
      `SELECT e.description, e.merchant FROM expenses e JOIN categories c ON c.id = e.category_id
        WHERE e.user_id = $1 AND c.name = 'Transport' GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
      [customer],
    );
    transportText = String(fare.description).replace(/\d+/g, (d: string) => String((Number(d) + 7) % 10 ** d.length).padStart(d.length, '0'));
    for (const [owner, description, merchant] of [
      [customer, 'NETFLIX.COM 866-579-7172', 'Netflix'],
      [customer, transportText, fare.merchant],
      [customer, 'ZZQX 0000 REF 77', null],
      [other, 'NETFLIX.COM 866-579-7172', 'Netflix'],
    ] as const) {
      const [row] = await t.owner.query(
        `INSERT INTO expenses (tenant_id, user_id, occurred_on, amount, currency, description, merchant, source)
         VALUES ($1, $2, $3, 15.49, 'USD', $4, $5, 'manual') RETURNING id`,
        [tenantId, owner, today, description, merchant],
      );
      uncategorised[`${owner === customer ? 'c' : 'o'}:${description}`] = row.id;
    }
  }, 120_000);
  afterAll(() => t.close());

  it('suggests merging a customer category that means the same as a default one, and files confident expenses', async () => {
    const result = await runTenantAnalysis(t.app.get(DataSource), { tenantId });
    expect(result.mergeFindings).toBeGreaterThanOrEqual(1);
    const [finding] = await t.owner.query(
      `SELECT type, status, title, message, fingerprint, evidence FROM findings WHERE user_id = $1 AND type = 'category_merge'`,
      [customer],
    );
    expect(finding).toMatchObject({ status: 'pending', fingerprint: expect.stringContaining(`category_merge:${supermarket}:`) });
    expect(finding.evidence.target.name).toBe('Groceries');
    expect(finding.title).toBe('“Supermarket” looks like “Groceries”');

    const category = async (id: string) =>
      (await t.owner.query(`SELECT c.name FROM expenses e LEFT JOIN categories c ON c.id = e.category_id WHERE e.id = $1`, [id]))[0]?.name ?? null;
    expect(await category(uncategorised['c:NETFLIX.COM 866-579-7172'])).toBe('Subscriptions');
    expect(await category(uncategorised[`c:${transportText}`])).toBe('Transport');
    // gibberish stays uncategorised (the model abstains) and a customer without consent is not touched
    expect(await category(uncategorised['c:ZZQX 0000 REF 77'])).toBeNull();
    expect(await category(uncategorised['o:NETFLIX.COM 866-579-7172'])).toBeNull();
    const revisions = await t.owner.query(
      `SELECT action, actor_id, after FROM expense_revisions WHERE expense_id = $1 ORDER BY at`,
      [uncategorised['c:NETFLIX.COM 866-579-7172']],
    );
    // the first change also stores the creation (uncategorised), then the system's categorisation
    expect(revisions.map((r: { action: string }) => r.action)).toEqual(['created', 'auto_categorize']);
    expect(revisions[0].after).toMatchObject({ categoryId: null, description: 'NETFLIX.COM 866-579-7172' });
    expect(revisions[1]).toMatchObject({ action: 'auto_categorize', actor_id: null });
    expect(revisions[1].after.confidence).toBeGreaterThanOrEqual(0.6);
  }, 120_000);

  it('a second run reuses cached embeddings and raises nothing twice', async () => {
    const again = await runTenantAnalysis(t.app.get(DataSource), { tenantId });
    expect(again.embeddingsComputed).toBe(0);
    expect(again.embeddingsCached).toBeGreaterThan(0);
    expect(again.mergeFindings).toBe(0);
    const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE type = 'category_merge'`);
    expect(n).toBe(1);
  }, 120_000);

  it('admins can start it on demand (202); others cannot', async () => {
    await createUser(t.owner, tenantId, { email: 'admin@weekly.test', role: 'admin' });
    await createUser(t.owner, tenantId, { email: 'rev@weekly.test', role: 'reviewer' });
    const admin = (await login(t, 'weekly', 'admin@weekly.test')).accessToken;
    const reviewer = (await login(t, 'weekly', 'rev@weekly.test')).accessToken;
    const res = await t.http().post('/api/admin/analysis/tenant').set('authorization', `Bearer ${admin}`).send({});
    expect(res.status).toBe(202);
    const [job] = await t.owner.query(`SELECT name, data FROM pgboss.job WHERE id = $1`, [res.body.jobId]);
    expect(job).toMatchObject({ name: 'analysis-tenant', data: { tenantId } });
    expect((await t.http().post('/api/admin/analysis/tenant').set('authorization', `Bearer ${reviewer}`).send({})).status).toBe(403);
  });
});
