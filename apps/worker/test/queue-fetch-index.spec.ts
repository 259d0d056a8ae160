import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AnalysisRunsService } from '@spendguard/server-analysis';
import { PGBOSS_SCHEMA, QUEUES } from '@spendguard/server-data';
import { createTenant, createTestDatabase, openDataSource, startTestApp, TestApp, TestDatabase, waitFor } from '@spendguard/server-testing';
import { AppModule } from '../../api/src/app/app.module';

// pg-boss's own SQL for fetching the next jobs (an internal module: the test must follow the installed version)
const plans = require('pg-boss/src/plans') as { fetchNextJob(schema: string): (options: { includeMetadata: boolean }) => string };

/** The plan of pg-boss's fetch of the next two customer jobs, and the index scan that reads them in order. */
const fetchPlan = async (ds: DataSource): Promise<string> =>
  (await ds.query(`EXPLAIN ${plans.fetchNextJob(PGBOSS_SCHEMA)({ includeMetadata: true })}`, [QUEUES.customerAnalysis, 2]))
    .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
    .join('\n');
const ORDERED = /Index Scan using \S+_name_priority_created_on_id_idx/;

/**
 * A nightly pass queues one job per consenting customer at once. pg-boss fetches `ORDER BY priority DESC, created_on,
 * id LIMIT n`; the migration step adds an index in that order, so a fetch reads the first few waiting jobs instead of
 * reading and sorting all of them (which cost 10–17 ms per fetch with 10,000 queued).
 */
describe('fetching from a long job queue', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let boss: PgBoss;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await openDataSource(db.ownerUrl, { poolSize: 2 });
    boss = new PgBoss({ connectionString: db.appUrl, schema: PGBOSS_SCHEMA, migrate: false, supervise: false, schedule: false, max: 2 });
    boss.on('error', () => undefined);
    await boss.start();
  }, 60_000);
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await owner?.destroy();
    await db?.drop();
  });

  it('every queue partition has the fetch-order index', async () => {
    const found = await owner.query(
      `SELECT q.name, i.indexdef FROM ${PGBOSS_SCHEMA}.queue q
         LEFT JOIN pg_indexes i ON i.schemaname = $1 AND i.tablename = q.partition_name AND i.indexdef LIKE '%(name, priority DESC, created_on, id)%'`,
      [PGBOSS_SCHEMA],
    );
    expect(found.map((r: { name: string }) => r.name).sort()).toEqual(Object.values(QUEUES).sort());
    for (const r of found as Array<{ name: string; indexdef: string | null }>) {
      expect({ queue: r.name, partial: r.indexdef?.includes(`WHERE (state < 'active'`) }).toEqual({ queue: r.name, partial: true });
    }
  });

  it("after a large enqueue the application refreshes the queue's statistics, and pg-boss's fetch reads the index in order", async () => {
    await boss.insert(Array.from({ length: 5000 }, (_, i) => ({ name: QUEUES.customerAnalysis, data: { n: i } })));
    // and some already done, as in a pass under way
    await owner.query(
      `UPDATE ${PGBOSS_SCHEMA}.job SET state = 'completed', completed_on = now() WHERE name = $1 AND (data->>'n')::int < 2000`,
      [QUEUES.customerAnalysis],
    );
    // statistics from before the enqueue (an empty queue): the planner would sort every waiting job on each fetch
    expect(await fetchPlan(owner)).not.toMatch(ORDERED);

    const app = await openDataSource(db.appUrl, { poolSize: 1 });
    try {
      expect(await app.query(`SELECT app_refresh_job_queue_stats($1) AS analysed`, [QUEUES.customerAnalysis])).toEqual([{ analysed: true }]);
      const plan = await fetchPlan(owner);
      expect(plan).toMatch(ORDERED);
      expect(plan).not.toMatch(/Sort Key: \S*priority DESC/);
      // fresh statistics, a short queue or an unknown one: nothing to do
      expect(await app.query(`SELECT app_refresh_job_queue_stats($1) AS analysed`, [QUEUES.customerAnalysis])).toEqual([{ analysed: false }]);
      expect(await app.query(`SELECT app_refresh_job_queue_stats($1) AS analysed`, [QUEUES.reportGeneration])).toEqual([{ analysed: false }]);
      expect(await app.query(`SELECT app_refresh_job_queue_stats($1) AS analysed`, ['no-such-queue'])).toEqual([{ analysed: false }]);
    } finally {
      await app.destroy();
    }

    const first = await owner.query(
      `SELECT id FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND state < 'active' ORDER BY priority DESC, created_on, id LIMIT 3`,
      [QUEUES.customerAnalysis],
    );
    const fetched = await boss.fetch<{ n: number }>(QUEUES.customerAnalysis, { batchSize: 3 });
    expect(fetched.map((j) => j.id)).toEqual(first.map((r: { id: string }) => r.id));
    expect(fetched.every((j) => j.data.n >= 2000)).toBe(true);
  });
});

describe('a nightly pass of many customers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
  }, 120_000);
  afterAll(() => t?.close());

  it('is enqueued with the queue statistics refreshed, so the workers’ first fetch already reads the index in order', async () => {
    const tenantId = await createTenant(t.owner, 'manycustomers', { timezone: 'UTC' });
    await t.owner.query(
      `WITH u AS (
         INSERT INTO users (tenant_id, email, role, display_name, password_hash)
         SELECT $1, 'c' || n || '@many.test', 'customer', 'Customer ' || n, 'x' FROM generate_series(1, 1200) n RETURNING id)
       INSERT INTO consents (tenant_id, user_id, analysis_granted, granted_at) SELECT $1, id, true, now() FROM u`,
      [tenantId],
    );
    const partition = (await t.owner.query(`SELECT partition_name FROM ${PGBOSS_SCHEMA}.queue WHERE name = $1`, [QUEUES.customerAnalysis]))[0]
      .partition_name as string;
    const analysedAt = async () =>
      (await t.owner.query(`SELECT last_analyze FROM pg_stat_all_tables WHERE schemaname = $1 AND relname = $2`, [PGBOSS_SCHEMA, partition]))[0]
        ?.last_analyze ?? null;
    expect(await analysedAt()).toBeNull();

    expect(await t.app.get(AnalysisRunsService).enqueueNightly(tenantId, '2026-11-20')).toEqual({ runDate: '2026-11-20', enqueued: 1200 });
    await waitFor(analysedAt, 5000);
    expect(await fetchPlan(t.owner)).toMatch(ORDERED);
  });
});
