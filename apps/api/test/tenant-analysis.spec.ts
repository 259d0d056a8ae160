import { DataSource } from 'typeorm';
import { textHash } from '@spendguard/ml';
import { JobQueue, runTenantAnalysis } from '@spendguard/server-analysis';
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
  // the non-consenting customer's own words: never embedded, never copied into anyone's evidence
  const PRIVATE_DESCRIPTION = 'DR MARGOLIS FERTILITY CLINIC 5521';
  const PRIVATE_CATEGORY = 'Clinic visits';

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
    // the customer without consent files many purchases under the default Groceries (enough to rank first among
    // its examples were they read) and keeps a category of their own
    await t.owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, amount, currency, description, merchant, category_id, source)
       SELECT $1, $2, current_date - (n % 200), 42.00, 'USD', $3, 'Margolis', c.id, 'manual'
         FROM generate_series(1, 60) AS n, categories c WHERE c.tenant_id = $1 AND c.name = 'Groceries' AND c.user_id IS NULL`,
      [tenantId, other, PRIVATE_DESCRIPTION],
    );
    await t.owner.query(`INSERT INTO categories (tenant_id, user_id, name) VALUES ($1, $2, $3)`, [tenantId, other, PRIVATE_CATEGORY]);
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
    // only consenting customers' descriptions and categories are read: none of the other customer's are in the
    // evidence, nor embedded (cached), nor raised as a finding for them
    expect(JSON.stringify(finding.evidence)).not.toContain('MARGOLIS');
    expect(finding.evidence.target.examples.length).toBeGreaterThan(0);
    const cached = await t.owner.query(`SELECT text_hash FROM embedding_cache WHERE tenant_id = $1 AND text_hash = ANY($2::char(64)[])`, [
      tenantId,
      [textHash(PRIVATE_DESCRIPTION), textHash(PRIVATE_CATEGORY)],
    ]);
    expect(cached).toEqual([]);
    const [{ n: embedded }] = await t.owner.query(`SELECT count(*)::int AS n FROM embedding_cache WHERE tenant_id = $1`, [tenantId]);
    expect(embedded).toBeGreaterThan(0);
    const [{ n: theirs }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE user_id = $1`, [other]);
    expect(theirs).toBe(0);

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

  it('admins can start it on demand (202), one waiting job per tenant however often asked; others cannot', async () => {
    await createUser(t.owner, tenantId, { email: 'admin@weekly.test', role: 'admin' });
    await createUser(t.owner, tenantId, { email: 'rev@weekly.test', role: 'reviewer' });
    const admin = (await login(t, 'weekly', 'admin@weekly.test')).accessToken;
    const reviewer = (await login(t, 'weekly', 'rev@weekly.test')).accessToken;
    const res = await t.http().post('/api/admin/analysis/tenant').set('authorization', `Bearer ${admin}`).send({});
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ jobId: expect.any(String), alreadyQueued: false });
    const [job] = await t.owner.query(`SELECT name, data FROM pgboss.job WHERE id = $1`, [res.body.jobId]);
    expect(job).toMatchObject({ name: 'analysis-tenant', data: { tenantId } });
    // asked again (even at once, several times) while it waits: the same job is answered, none is added
    const again = await Promise.all(
      [1, 2, 3].map(() => t.http().post('/api/admin/analysis/tenant').set('authorization', `Bearer ${admin}`).send({})),
    );
    expect(again.map((r) => [r.status, r.body])).toEqual(
      [1, 2, 3].map(() => [202, { jobId: res.body.jobId, alreadyQueued: true }]),
    );
    const waitingJobs = async () =>
      (
        await t.owner.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analysis-tenant' AND data->>'tenantId' = $1 AND state = 'created'`, [
          tenantId,
        ])
      )[0].n;
    expect(await waitingJobs()).toBe(1);
    // once that job is no longer waiting (here: cancelled), asking queues a new one
    await t.app.get(JobQueue).boss.cancel('analysis-tenant', res.body.jobId);
    const next = await t.http().post('/api/admin/analysis/tenant').set('authorization', `Bearer ${admin}`).send({});
    expect(next.status).toBe(202);
    expect(next.body).toEqual({ jobId: expect.any(String), alreadyQueued: false });
    expect(next.body.jobId).not.toBe(res.body.jobId);
    expect(await waitingJobs()).toBe(1);
    expect((await t.http().post('/api/admin/analysis/tenant').set('authorization', `Bearer ${reviewer}`).send({})).status).toBe(403);
  });
});
