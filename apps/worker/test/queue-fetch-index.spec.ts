import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { PGBOSS_SCHEMA, QUEUES } from '@spendguard/server-data';
import { createTestDatabase, openDataSource, TestDatabase } from '@spendguard/server-testing';

// pg-boss's own SQL for fetching the next jobs (an internal module: the test must follow the installed version)
const plans = require('pg-boss/src/plans') as { fetchNextJob(schema: string): (options: { includeMetadata: boolean }) => string };

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

  it("pg-boss's fetch of the next job reads the index in order (no sort of every waiting job)", async () => {
    await boss.insert(Array.from({ length: 5000 }, (_, i) => ({ name: QUEUES.customerAnalysis, data: { n: i } })));
    // and some already done, as in a pass under way
    await owner.query(
      `UPDATE ${PGBOSS_SCHEMA}.job SET state = 'completed', completed_on = now() WHERE name = $1 AND (data->>'n')::int < 2000`,
      [QUEUES.customerAnalysis],
    );
    await owner.query(`ANALYZE ${PGBOSS_SCHEMA}.job`);
    const plan = (await owner.query(`EXPLAIN ${plans.fetchNextJob(PGBOSS_SCHEMA)({ includeMetadata: true })}`, [QUEUES.customerAnalysis, 2]))
      .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/Index Scan using \S+_name_priority_created_on_id_idx/);
    expect(plan).not.toMatch(/Sort Key: \S*priority DESC/);

    const first = await owner.query(
      `SELECT id FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND state < 'active' ORDER BY priority DESC, created_on, id LIMIT 3`,
      [QUEUES.customerAnalysis],
    );
    const fetched = await boss.fetch<{ n: number }>(QUEUES.customerAnalysis, { batchSize: 3 });
    expect(fetched.map((j) => j.id)).toEqual(first.map((r: { id: string }) => r.id));
    expect(fetched.every((j) => j.data.n >= 2000)).toBe(true);
  });
});
