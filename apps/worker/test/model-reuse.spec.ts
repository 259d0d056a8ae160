import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ArtifactStore, runCustomerAnalysis } from '@spendguard/server-analysis';
import { createTenant, createTestDatabase, createUser, openDataSource, plantLedger, setConsent, TestDatabase } from '@spendguard/server-testing';

/**
 * Nightly runs reuse the customer's latest anomaly model within ANALYSIS_RETRAIN_DAYS (scoring only the recent
 * window against it) and retrain after it; on-demand runs always retrain. Runs the job directly on a real database.
 */
describe('anomaly model reuse across nightly runs', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;
  let tenantId: string;
  let customerId: string;
  let artifacts: ArtifactStore;
  let artifactsDir: string;

  const run = async (kind: 'nightly' | 'on_demand', runDate: string) => {
    const [row] = await owner.query(
      `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status) VALUES ($1, $2, $3, $4, 'queued') RETURNING id`,
      [tenantId, customerId, kind, runDate],
    );
    const outcome = await runCustomerAnalysis(app, artifacts, { tenantId, customerId, runId: row.id }, { retrainDays: 7 });
    expect(outcome.status).toBe('succeeded');
    const [done] = await owner.query(`SELECT id, counts, model_versions, timings, findings_created FROM analysis_runs WHERE id = $1`, [row.id]);
    return done;
  };
  const artifactRows = () => owner.query(`SELECT version, run_id, metadata->>'trainedAsOf' AS trained FROM model_artifacts WHERE user_id = $1 ORDER BY version`, [customerId]);

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await openDataSource(db.ownerUrl);
    app = await openDataSource(db.appUrl);
    tenantId = await createTenant(owner, 'reuse', { timezone: 'UTC' });
    customerId = await createUser(owner, tenantId, { email: 'c@reuse.test', role: 'customer', displayName: 'Reuse' });
    await plantLedger(owner, tenantId, customerId, { seed: 21, endDate: '2026-11-20' });
    await setConsent(owner, tenantId, customerId, true);
    artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'sg-reuse-'));
    artifacts = new ArtifactStore(artifactsDir);
  }, 120_000);
  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('the first nightly run trains and stores version 1 with its training date', async () => {
    const first = await run('nightly', '2026-11-20');
    expect(first.counts.retrained).toBe(1);
    expect(first.model_versions).toMatchObject({ anomaly: 1, anomalyTrainedAsOf: '2026-11-20', anomalyRetrain: 'no model' });
    expect(await artifactRows()).toEqual([expect.objectContaining({ version: 1, trained: '2026-11-20' })]);
  }, 60_000);

  it('the next night reuses it: same version and checksum, no new artifact, and it still flags a new anomaly', async () => {
    const [v1] = await owner.query(`SELECT sha256 FROM model_artifacts WHERE user_id = $1 AND version = 1`, [customerId]);
    // a grocery bill far beyond the usual, the day before the run
    const [expense] = await owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
       SELECT $1, $2, '2026-11-21', '2026-11-21T14:05:00Z', 2480.00, 'USD', 'WHOLE FOODS #77', 'Whole Foods', id, 'manual'
         FROM categories WHERE tenant_id = $1 AND name = 'Groceries' AND user_id IS NULL RETURNING id`,
      [tenantId, customerId],
    );
    const second = await run('nightly', '2026-11-21');
    expect(second.counts.retrained).toBe(0);
    expect(second.model_versions).toMatchObject({ anomaly: 1, anomalySha256: v1.sha256, anomalyTrainedAsOf: '2026-11-20' });
    expect(second.model_versions.anomalyRetrain).toMatch(/^reused/);
    expect(await artifactRows()).toHaveLength(1);
    expect(readdirSync(path.join(artifactsDir, tenantId, customerId))).toEqual(['v1']);
    const [finding] = await owner.query(
      `SELECT type, status, run_id FROM findings WHERE user_id = $1 AND evidence->'expense'->>'id' = $2`,
      [customerId, expense.id],
    );
    expect(finding).toMatchObject({ type: 'anomaly', status: 'pending', run_id: second.id });
  }, 60_000);

  it('a run after the retrain window trains version 2; older versions stay pruned to the latest three', async () => {
    const later = await run('nightly', '2026-11-28');
    expect(later.counts.retrained).toBe(1);
    expect(later.model_versions).toMatchObject({ anomaly: 2, anomalyTrainedAsOf: '2026-11-28' });
    expect(later.model_versions.anomalyRetrain).toMatch(/days old/);
    expect((await artifactRows()).map((r: { version: number }) => r.version)).toEqual([1, 2]);
    expect(existsSync(path.join(artifactsDir, tenantId, customerId, 'v2', 'anomaly.onnx'))).toBe(true);
  }, 60_000);

  it('on-demand runs always retrain; a nightly run never reuses a model trained on a later date', async () => {
    const onDemand = await run('on_demand', '2026-11-29');
    expect(onDemand.counts.retrained).toBe(1);
    expect(onDemand.model_versions).toMatchObject({ anomaly: 3, anomalyRetrain: 'on demand' });
    const earlier = await run('nightly', '2026-11-26');
    expect(earlier.counts.retrained).toBe(1);
    expect(earlier.model_versions).toMatchObject({ anomaly: 4, anomalyRetrain: 'model trained after the run date' });
    expect((await artifactRows()).map((r: { version: number }) => r.version)).toEqual([2, 3, 4]);
    expect(existsSync(path.join(artifactsDir, tenantId, customerId, 'v1'))).toBe(false);
  }, 120_000);

  it('many new expenses since training retrain at once', async () => {
    const base = await run('nightly', '2026-11-27');
    expect(base.model_versions.anomaly).toBe(4);
    expect(base.counts.retrained).toBe(0);
    // more than 10% of the history added (an import of a second card's expenses, say)
    await owner.query(
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source)
       SELECT $1, $2, d::date, d + interval '12 hours', 12.5, 'USD', 'COFFEE', 'Corner Coffee', NULL, 'manual'
         FROM generate_series('2026-06-01'::timestamp, '2026-11-29'::timestamp, interval '6 hours') AS d`,
      [tenantId, customerId],
    );
    const after = await run('nightly', '2026-11-29');
    expect(after.counts.retrained).toBe(1);
    expect(after.model_versions.anomalyRetrain).toMatch(/history changed/);
    expect(after.model_versions.anomaly).toBe(5);
  }, 120_000);
});
