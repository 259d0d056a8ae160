import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { seedDemo } from '@spendguard/db/seed';
import { AnalysisRunsService, NightlyScheduler } from '@spendguard/server-analysis';
import { AppConfig, configureApp, createHttpAdapter, hashPassword } from '@spendguard/server-core';
import { createTenant, createUser, setConsent, startTestApp, TestApp, waitFor } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

/** The nightly scheduler against a real database: claims, enqueues, replicas racing, failures, the demo's first start. */

/** Another API process on the same database (a second replica), not serving HTTP. */
async function startReplica(config: AppConfig): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), { logger: false });
  await configureApp(app, config);
  await app.init();
  return app;
}

const localToday = (timezone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function enqueuedFor(owner: DataSource, tenantId: string) {
  const runs: Array<{ user_id: string; run_date: string; kind: string }> = await owner.query(
    `SELECT user_id, run_date::text AS run_date, kind FROM analysis_runs WHERE tenant_id = $1 ORDER BY user_id`,
    [tenantId],
  );
  const jobs: Array<{ customer: string; n: number }> = await owner.query(
    `SELECT data->>'customerId' AS customer, count(*)::int AS n FROM pgboss.job
      WHERE name = 'analysis-customer' AND data->>'tenantId' = $1 GROUP BY 1`,
    [tenantId],
  );
  const [{ tenantJobs }] = await owner.query(
    `SELECT count(*)::int AS "tenantJobs" FROM pgboss.job WHERE name = 'analysis-tenant' AND data->>'tenantId' = $1`,
    [tenantId],
  );
  const [{ last }] = await owner.query(`SELECT last_nightly_date::text AS last FROM tenants WHERE id = $1`, [tenantId]);
  return { runs, jobs: new Map(jobs.map((j) => [j.customer, j.n])), tenantJobs: tenantJobs as number, last: last as string | null };
}

describe('nightly scheduler (two replicas on one database)', () => {
  let t: TestApp;
  let replica: INestApplication;
  let replicaConfig: AppConfig;
  let tenantId: string;
  const consenting: string[] = [];
  const declined: string[] = [];

  beforeAll(async () => {
    // the scheduler starts switched off so that no start-up tick runs before the tenant is arranged
    t = await startTestApp((config) => AppModule.forRoot(config));
    tenantId = await createTenant(t.owner, 'sched', { timezone: 'Pacific/Auckland' });
    for (let i = 0; i < 5; i++) {
      const id = await createUser(t.owner, tenantId, { email: `c${i}@sched.test`, role: 'customer' });
      const granted = i !== 2;
      await setConsent(t.owner, tenantId, id, granted);
      (granted ? consenting : declined).push(id);
    }
    await createUser(t.owner, tenantId, { email: 'ops@sched.test', role: 'reviewer' });
    replicaConfig = { ...t.config };
    replica = await startReplica(replicaConfig);
    // both replicas schedule from now on; their minutely cron jobs are stopped so only the test's ticks run
    for (const app of [t.app, replica]) app.get(SchedulerRegistry).getCronJob('nightly-analysis').stop();
    t.config.runScheduler = true;
    replicaConfig.runScheduler = true;
  }, 120_000);
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  it('ticks racing on two replicas, then ticking again, enqueue each consenting customer exactly once', async () => {
    const a = t.app.get(NightlyScheduler);
    const b = replica.get(NightlyScheduler);
    const first = await Promise.all([a.tick(), b.tick()]);
    const second = await Promise.all([a.tick(), b.tick()]);
    expect(first.reduce((x, y) => x + y, 0)).toBe(consenting.length);
    expect(second).toEqual([0, 0]);

    const state = await enqueuedFor(t.owner, tenantId);
    const today = localToday('Pacific/Auckland');
    expect(state.last).toBe(today);
    expect(state.runs).toHaveLength(consenting.length);
    for (const id of consenting) {
      expect(state.runs.filter((r) => r.user_id === id)).toEqual([{ user_id: id, run_date: today, kind: 'nightly' }]);
      expect(state.jobs.get(id)).toBe(1);
    }
    for (const id of declined) expect(state.jobs.get(id)).toBeUndefined();
    // the tenant's first pass brings the weekly tenant analysis, once
    expect(state.tenantJobs).toBe(1);
  });

  it('a failure while enqueueing releases the claim: the next tick enqueues the night, no customer twice', async () => {
    const other = await createTenant(t.owner, 'flaky', { timezone: 'America/Los_Angeles' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await createUser(t.owner, other, { email: `f${i}@flaky.test`, role: 'customer' });
      await setConsent(t.owner, other, id, true);
      ids.push(id);
    }
    replicaConfig.runScheduler = false;
    const scheduler = t.app.get(NightlyScheduler);
    const runs = t.app.get(AnalysisRunsService);
    const enqueueNightly = jest.spyOn(runs, 'enqueueNightly').mockRejectedValueOnce(new Error('connection reset'));
    try {
      expect(await scheduler.tick()).toBe(0);
      expect(enqueueNightly).toHaveBeenCalledTimes(1);
      let state = await enqueuedFor(t.owner, other);
      expect(state.last).toBeNull();
      expect(state.runs).toHaveLength(0);

      // the weekly tenant job failing after the customers' jobs committed: the claim is released too, and the
      // retry adds nobody twice
      const enqueueTenant = jest.spyOn(runs, 'enqueueTenant').mockRejectedValueOnce(new Error('queue unavailable'));
      expect(await scheduler.tick()).toBe(0);
      state = await enqueuedFor(t.owner, other);
      expect(state.last).toBeNull();
      expect(state.runs).toHaveLength(3);

      expect(await scheduler.tick()).toBe(0); // enqueued already: nobody new
      state = await enqueuedFor(t.owner, other);
      expect(state.last).toBe(localToday('America/Los_Angeles'));
      expect(state.runs).toHaveLength(3);
      for (const id of ids) expect(state.jobs.get(id)).toBe(1);
      expect(state.tenantJobs).toBe(1);
      expect(enqueueTenant).toHaveBeenCalledTimes(2);
      expect(await scheduler.tick()).toBe(0);
      expect((await enqueuedFor(t.owner, other)).runs).toHaveLength(3);
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe('first start of the demo (npm start): the seeded tenants are analysed once', () => {
  let t: TestApp;

  beforeAll(async () => {
    // as `npm start` does: migrate, seed the demo tenants, then start the API with the scheduler on
    t = await startTestApp((config) => AppModule.forRoot(config), { RUN_SCHEDULER: 'true' }, async (app) => {
      await seedDemo(app.get(DataSource), { passwordHash: await hashPassword('Demo-Password-1', 4), extraCustomers: 6 });
    });
  }, 180_000);
  afterAll(() => t?.close());

  it("the start-up tick enqueues every consenting customer of both demo tenants, for the tenant's local date", async () => {
    const tenants: Array<{ id: string; slug: string; timezone: string }> = await t.owner.query(
      `SELECT id, slug, timezone FROM tenants WHERE slug IN ('demo', 'acme') ORDER BY slug`,
    );
    expect(tenants.map((x) => x.slug)).toEqual(['acme', 'demo']);
    let consenting = 0;
    for (const tenant of tenants) {
      const customers: Array<{ id: string; email: string; granted: boolean }> = await t.owner.query(
        `SELECT u.id, u.email, c.analysis_granted AS granted FROM users u JOIN consents c ON c.tenant_id = u.tenant_id AND c.user_id = u.id
          WHERE u.tenant_id = $1 AND u.role = 'customer'`,
        [tenant.id],
      );
      const granted = customers.filter((c) => c.granted);
      expect(granted.length).toBeGreaterThan(0);
      consenting += granted.length;
      if (tenant.slug === 'demo') {
        expect(customers).toHaveLength(7);
        expect(customers.find((c) => c.email === 'customer@demo.test')?.granted).toBe(true);
        expect(granted.length).toBeLessThan(customers.length); // a non-consenting customer is part of the demo
      }
      // the tick 1 s after start: no waiting for the tenant's night
      const state = await waitFor(async () => {
        const s = await enqueuedFor(t.owner, tenant.id);
        return s.runs.length >= granted.length && s.last ? s : null;
      });
      expect(state.last).toBe(localToday(tenant.timezone));
      expect(state.runs).toHaveLength(granted.length);
      for (const c of customers) expect({ email: c.email, jobs: state.jobs.get(c.id) ?? 0 }).toEqual({ email: c.email, jobs: c.granted ? 1 : 0 });
      expect(state.tenantJobs).toBe(1);
    }

    // a later tick (the next minute, another replica starting) adds nothing
    expect(await t.app.get(NightlyScheduler).tick()).toBe(0);
    const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM analysis_runs`);
    expect(n).toBe(consenting);
    for (const tenant of tenants) {
      const state = await enqueuedFor(t.owner, tenant.id);
      for (const jobs of state.jobs.values()) expect(jobs).toBe(1);
      expect(state.tenantJobs).toBe(1);
    }
  });
});
