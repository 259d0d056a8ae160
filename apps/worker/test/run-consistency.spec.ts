import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ArtifactStore, loadHistory, runCustomerAnalysis, runRealtimeScoring } from '@spendguard/server-analysis';
import { runInTenant } from '@spendguard/server-data';
import { ConsentService } from '@spendguard/server-expenses';
import { createTenant, createUser, login, plantLedger, setConsent, startTestApp, TestApp, waitFor } from '@spendguard/server-testing';
import { AppModule } from '../../api/src/app/app.module';

const END = '2026-11-20';

/**
 * What a run writes and when, run by calling the jobs directly on a real database with hooks at fixed points
 * (a revocation, a cancellation or a look at the run between the claim and the write, or inside the write):
 * consent rechecked under a lock when writing, nothing written onto a run no longer running, progress recorded,
 * model files following their transaction, and the FX rule shared with the budgets.
 */
describe('an analysis run against consent, cancellation and failure', () => {
  let t: TestApp;
  let ds: DataSource;
  let tenantId: string;
  let customerId: string;
  let reviewer: string;
  let customerToken: string;
  let artifactsDir: string;
  let artifacts: ArtifactStore;

  const scope = () => ({ tenantId, userId: customerId });
  const meta = { ip: '127.0.0.1', userAgent: 'run-consistency-test' };
  const setConsentNow = (granted: boolean) => t.app.get(ConsentService).set(scope(), customerId, granted, meta);
  const newRun = async (kind: 'nightly' | 'on_demand' = 'on_demand', runDate = END): Promise<string> => {
    const [row] = await t.owner.query(
      `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status) VALUES ($1, $2, $3, $4, 'queued') RETURNING id`,
      [tenantId, customerId, kind, runDate],
    );
    return row.id;
  };
  const run = async (runId: string) => (await t.owner.query(`SELECT * FROM analysis_runs WHERE id = $1`, [runId]))[0];
  const versions = async (): Promise<number[]> =>
    (await t.owner.query(`SELECT version FROM model_artifacts WHERE user_id = $1 ORDER BY version`, [customerId])).map(
      (r: { version: number }) => r.version,
    );
  const dirs = () => readdirSync(path.join(artifactsDir, tenantId, customerId)).sort();
  const findingsOf = async (runId: string) => (await t.owner.query(`SELECT id, status FROM findings WHERE run_id = $1`, [runId])) as Array<{ status: string }>;
  const viewOf = async (runId: string) => (await t.http().get(`/api/analysis/runs/${runId}`).set('authorization', `Bearer ${reviewer}`)).body;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    ds = t.app.get(DataSource);
    tenantId = await createTenant(t.owner, 'race', { timezone: 'UTC' });
    customerId = await createUser(t.owner, tenantId, { email: 'dana@race.test', role: 'customer', displayName: 'Dana' });
    await createUser(t.owner, tenantId, { email: 'rev@race.test', role: 'reviewer' });
    await plantLedger(t.owner, tenantId, customerId, { seed: 31, endDate: END });
    // a clear anomaly the day before the run date: a grocery bill far beyond the customer's usual
    await t.owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
       SELECT $1, $2, '2026-11-19', '2026-11-19T14:05:00Z', 2480.00, 'USD', 'WHOLE FOODS #77', 'Whole Foods', id, 'manual'
         FROM categories WHERE tenant_id = $1 AND name = 'Groceries' AND user_id IS NULL`,
      [tenantId, customerId],
    );
    await setConsent(t.owner, tenantId, customerId, true);
    reviewer = (await login(t, 'race', 'rev@race.test')).accessToken;
    customerToken = (await login(t, 'race', 'dana@race.test')).accessToken;
    artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'sg-race-'));
    artifacts = new ArtifactStore(artifactsDir);
  }, 120_000);
  afterAll(() => t?.close());

  it('records its stage and percent (analysing while it runs, done with the result), and GET /analysis/runs/:id shows them', async () => {
    const runId = await newRun();
    expect(await viewOf(runId)).toMatchObject({ status: 'queued', stage: 'queued', progress: 0 });
    const seen: unknown[] = [];
    let commitMode = '';
    const outcome = await runCustomerAnalysis(ds, artifacts, { tenantId, customerId, runId }, {
      hooks: {
        beforeWrite: async () => void seen.push(await viewOf(runId)),
        beforeCommit: async (em) => {
          seen.push(await viewOf(runId));
          // set by the transaction itself (the test cluster's own default is off as well)
          const [mode] = await em.query(`SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'`);
          commitMode = `${mode.setting} (${mode.source})`;
        },
      },
    });
    expect(outcome.status).toBe('succeeded');
    // the results commit without a WAL flush wait of their own: the job's completion in the queue flushes them
    expect(commitMode).toBe('off (session)');
    expect(seen).toEqual([
      expect.objectContaining({ status: 'running', stage: 'analysing', progress: 10 }),
      expect.objectContaining({ status: 'running', stage: 'analysing', progress: 10 }),
    ]);
    expect(await viewOf(runId)).toMatchObject({ status: 'succeeded', stage: 'done', progress: 100 });
    expect(await versions()).toEqual([1]);
  }, 90_000);

  it('consent revoked between the claim and the write: nothing is written and the run ends cancelled', async () => {
    const runId = await newRun();
    const before = await versions();
    const outcome = await runCustomerAnalysis(ds, artifacts, { tenantId, customerId, runId }, {
      hooks: { beforeWrite: async () => void (await setConsentNow(false)) },
    });
    expect(outcome).toEqual({ status: 'cancelled', findingsCreated: 0 });
    expect(await run(runId)).toMatchObject({ status: 'cancelled', error: 'consent revoked', findings_created: 0 });
    expect(await findingsOf(runId)).toEqual([]);
    // the on-demand run would have trained a model: none stored
    expect(await versions()).toEqual(before);
    expect(dirs()).toEqual(before.map((v) => `v${v}`));
    await setConsentNow(true);
  }, 90_000);

  it('a revocation while the results are written waits for them, then withdraws them', async () => {
    const runId = await newRun();
    let revocation: Promise<unknown> | null = null;
    const outcome = await runCustomerAnalysis(ds, artifacts, { tenantId, customerId, runId }, {
      hooks: {
        beforeCommit: async () => {
          revocation = setConsentNow(false);
          // the revocation blocks on the consent row this transaction holds (share lock)
          await waitFor(async () => {
            const [waiting] = await t.owner.query(
              `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%FROM consents%FOR UPDATE%'`,
            );
            return waiting;
          }, 20_000, 50);
        },
      },
    });
    expect(outcome.status).toBe('succeeded');
    await revocation;
    expect(await run(runId)).toMatchObject({ status: 'succeeded' });
    const written = await findingsOf(runId);
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((f) => f.status === 'superseded')).toBe(true);
    await setConsentNow(true);
  }, 90_000);

  it('a run cancelled meanwhile writes nothing; the model it saved is removed and no older version loses its files', async () => {
    // versions 1 and 2 exist: one more successful run makes three, so that the next save prunes version 1
    const third = await newRun();
    expect((await runCustomerAnalysis(ds, artifacts, { tenantId, customerId, runId: third })).status).toBe('succeeded');
    expect(await versions()).toEqual([1, 2, 3]);
    expect(dirs()).toEqual(['v1', 'v2', 'v3']);

    const runId = await newRun();
    const outcome = await runCustomerAnalysis(ds, artifacts, { tenantId, customerId, runId }, {
      hooks: {
        beforeWrite: async () => {
          await t.owner.query(`UPDATE analysis_runs SET status = 'cancelled', error = 'cancelled by an operator' WHERE id = $1`, [runId]);
        },
        // inside the write: version 4 was saved (and version 1 pruned in the table), but the transaction rolls back
        beforeCommit: async () => expect(existsSync(path.join(artifactsDir, tenantId, customerId, 'v4'))).toBe(true),
      },
    });
    expect(outcome).toEqual({ status: 'cancelled', findingsCreated: 0 });
    expect(await run(runId)).toMatchObject({ status: 'cancelled', error: 'cancelled by an operator' });
    expect(await findingsOf(runId)).toEqual([]);
    expect(await versions()).toEqual([1, 2, 3]);
    expect(dirs()).toEqual(['v1', 'v2', 'v3']);

    // a run that commits prunes version 1's files only afterwards
    const next = await newRun();
    expect((await runCustomerAnalysis(ds, artifacts, { tenantId, customerId, runId: next })).status).toBe('succeeded');
    expect(await versions()).toEqual([2, 3, 4]);
    expect(dirs()).toEqual(['v2', 'v3', 'v4']);
  }, 180_000);

  it('a write that fails rolls back with its new model files removed', async () => {
    const runId = await newRun();
    await expect(
      runCustomerAnalysis(ds, artifacts, { tenantId, customerId, runId }, {
        hooks: {
          beforeCommit: async () => {
            throw new Error('disk full');
          },
        },
      }),
    ).rejects.toThrow('disk full');
    expect(await versions()).toEqual([2, 3, 4]);
    expect(dirs()).toEqual(['v2', 'v3', 'v4']);
    expect(await findingsOf(runId)).toEqual([]);
  }, 90_000);

  it('real-time scoring: a consent revoked while scoring writes no finding', async () => {
    const planted = async (amount: number, description: string, merchant: string) => {
      const [row] = await t.owner.query(
        `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
         SELECT $1, $2, current_date, now(), $3, 'USD', $4, $5, id, 'manual'
           FROM categories WHERE tenant_id = $1 AND name = 'Shopping' AND user_id IS NULL RETURNING id`,
        [tenantId, customerId, amount, description, merchant],
      );
      return row.id as string;
    };
    const modelsBefore = await versions();
    const first = await planted(4875, 'LUXURY WATCHES GENEVA', 'Chronos Luxury');
    const revoked = await runRealtimeScoring(ds, artifacts, { tenantId, customerId, expenseIds: [first] }, {
      beforeWrite: async () => void (await setConsentNow(false)),
    });
    expect(revoked.flagged).toBe(1);
    expect(revoked.created).toBe(0);
    const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE evidence->'expense'->>'id' = $1`, [first]);
    expect(n).toBe(0);

    // with consent the same kind of expense is raised (the write path itself works)
    await setConsentNow(true);
    const second = await planted(6200, 'YACHT CHARTER MONACO', 'Riviera Yachts');
    const granted = await runRealtimeScoring(ds, artifacts, { tenantId, customerId, expenseIds: [second] });
    expect(granted).toMatchObject({ flagged: 1, created: 1 });
    expect(await versions()).toEqual(modelsBefore);
  }, 90_000);

  it('converts a foreign-currency expense with the latest earlier rate, as the budgets do', async () => {
    const [category] = await t.owner.query(`INSERT INTO categories (tenant_id, user_id, name) VALUES ($1, $2, 'Trips abroad') RETURNING id`, [
      tenantId,
      customerId,
    ]);
    // EUR has a rate for August only; GBP only for a later month than the expense
    await t.owner.query(`INSERT INTO fx_rates (tenant_id, month, currency, rate) VALUES ($1, '2026-08-01', 'EUR', 1.1), ($1, '2026-12-01', 'GBP', 1.3)`, [
      tenantId,
    ]);
    const [eur] = await t.owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, amount, currency, description, merchant, category_id, source)
       VALUES ($1, $2, '2026-11-10', 50.00, 'EUR', 'HOTEL LISBOA', 'Hotel Lisboa', $3, 'manual') RETURNING id`,
      [tenantId, customerId, category.id],
    );
    const [gbp] = await t.owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, amount, currency, description, merchant, category_id, source)
       VALUES ($1, $2, '2026-11-11', 20.00, 'GBP', 'PUB LONDON', 'The Pub', $3, 'manual') RETURNING id`,
      [tenantId, customerId, category.id],
    );
    const { history, unconverted } = await runInTenant(ds, { tenantId }, (em) => loadHistory(em, tenantId, customerId, END, 'UTC'));
    expect(history.find((e) => e.id === eur.id)).toMatchObject({ amount: 55, originalAmount: '50.00', currency: 'EUR' });
    expect(history.find((e) => e.id === gbp.id)).toBeUndefined();
    expect(unconverted).toBe(1);

    const auth = { authorization: `Bearer ${customerToken}` };
    expect((await t.http().put('/api/budgets').set(auth).send({ categoryId: category.id, amount: '500.00' })).status).toBeLessThan(300);
    const status = await t.http().get('/api/budgets/status').query({ month: '2026-11' }).set(auth);
    expect(status.body.items.find((i: { categoryId: string }) => i.categoryId === category.id).spent).toBe('55.00');
    expect(status.body.missingRates).toEqual([expect.objectContaining({ currency: 'GBP' })]);
  }, 60_000);
});
