import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AnalysisRunView } from '@spendguard/contracts';
import { notFound, unprocessable } from '@spendguard/server-core';
import { isUuid, PGBOSS_SCHEMA, QUEUES, rows, TenantDb, TenantScope } from '@spendguard/server-data';
import { ExpenseEvents } from '@spendguard/server-expenses';
import { JobQueue } from '../queue/job-queue.service';

export interface CustomerJobData {
  tenantId: string;
  customerId: string;
  runId: string;
}

interface RunRow {
  id: string;
  user_id: string;
  kind: 'nightly' | 'on_demand';
  run_date: string;
  status: AnalysisRunView['status'];
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  timings: Record<string, number>;
  model_versions: Record<string, string | number>;
  counts: Record<string, number>;
  findings_created: number;
  attempts: number;
  error: string | null;
  stage: string | null;
  progress: number;
}

export const RUN_COLUMNS = `id, user_id, kind, run_date::text AS run_date, status, queued_at, started_at, finished_at, timings,
  model_versions, counts, findings_created, attempts, error, stage, progress`;

/** A pg-boss executor over the caller's transaction, so queue commands commit or roll back with it. */
export function inTransaction(em: EntityManager): { executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> } {
  return { executeSql: async (text: string, values: unknown[]) => ({ rows: await rows(em, text, values) }) };
}

export function toRunView(r: RunRow): AnalysisRunView {
  return {
    id: r.id,
    customerId: r.user_id,
    kind: r.kind,
    runDate: r.run_date,
    status: r.status,
    queuedAt: r.queued_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    timings: r.timings,
    modelVersions: r.model_versions,
    counts: r.counts,
    findingsCreated: r.findings_created,
    attempts: r.attempts,
    error: r.error,
    stage: r.status === 'succeeded' ? 'done' : ((r.stage as AnalysisRunView['stage'] | null) ?? 'queued'),
    progress: r.status === 'succeeded' ? 100 : (r.progress ?? 0),
  };
}

/** The tenant's local calendar date now. */
export function localDate(timezone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

@Injectable()
export class AnalysisRunsService implements OnModuleInit {
  private readonly logger = new Logger(AnalysisRunsService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly queue: JobQueue,
    private readonly events: ExpenseEvents,
  ) {}

  onModuleInit(): void {
    this.events.onConsentRevoked((em, e) => this.onConsentRevoked(em, e.tenantId, e.customerId));
    // New expenses of a consenting customer are scored right away by a worker (no retraining).
    this.events.onExpensesCreated(async (em, e) => {
      const [consent] = await rows<{ granted: boolean }>(
        em,
        `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2`,
        [e.tenantId, e.customerId],
      );
      if (!consent?.granted) return;
      await this.queue.insertInTransaction(em, QUEUES.realtimeScoring, [{ data: e }]);
    });
  }

  /**
   * The nightly pass for one tenant: one run and one job per consenting customer, in one transaction.
   * A tenant, customer and run date is enqueued at most once, however often this is called.
   */
  async enqueueNightly(tenantId: string, runDate?: string): Promise<{ runDate: string; enqueued: number }> {
    const result = await this.db.tx({ tenantId }, async (em) => {
      const date = runDate ?? localDate(await this.timezone(em, tenantId));
      const created = await rows<{ id: string; user_id: string }>(
        em,
        `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status)
         SELECT c.tenant_id, c.user_id, 'nightly', $2::date, 'queued'
           FROM consents c JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.user_id AND u.role = 'customer'
          WHERE c.tenant_id = $1 AND c.analysis_granted
         ON CONFLICT (tenant_id, user_id, run_date) WHERE kind = 'nightly' DO NOTHING
         RETURNING id, user_id`,
        [tenantId, date],
      );
      await this.attachJobs(em, tenantId, created);
      return { runDate: date, enqueued: created.length };
    });
    if (result.enqueued > 0) await this.refreshQueueStats();
    return result;
  }

  /**
   * After a pass was enqueued: when the customer queue now holds far more waiting jobs than its statistics say, they
   * are refreshed, so that the workers' fetches read pg-boss's queue in order from the first one instead of sorting
   * every waiting job (see app_refresh_job_queue_stats in db/migrate.ts). Only a cost: a failure is logged, never raised.
   */
  private async refreshQueueStats(): Promise<void> {
    try {
      await this.db.dataSource.query(`SELECT app_refresh_job_queue_stats($1)`, [QUEUES.customerAnalysis]);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not refresh the job queue statistics after enqueueing a nightly pass');
    }
  }

  /**
   * The per-tenant analysis (embeddings, category merges, auto-categorisation): weekly, or now on request.
   * At most one job per tenant waits at a time: asking again while one waits answers that job (`alreadyQueued`);
   * a job already running does not count (data may have changed since it read it).
   */
  async enqueueTenant(tenantId: string): Promise<{ jobId: string | null; alreadyQueued: boolean }> {
    return this.db.tx({ tenantId }, async (em) => {
      // concurrent requests for one tenant take turns here, so two of them cannot both find no waiting job
      await rows(em, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${QUEUES.tenantAnalysis}:${tenantId}`]);
      const [waiting] = await rows<{ id: string }>(
        em,
        `SELECT id FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND data->>'tenantId' = $2 AND state IN ('created', 'retry')
          ORDER BY created_on LIMIT 1`,
        [QUEUES.tenantAnalysis, tenantId],
      );
      if (waiting) return { jobId: waiting.id, alreadyQueued: true };
      const jobId = await this.queue.boss.send(QUEUES.tenantAnalysis, { tenantId }, { db: inTransaction(em) });
      return { jobId, alreadyQueued: false };
    });
  }

  /** An on-demand run for one customer of the tenant (the customer's own consent is required). */
  async enqueueOnDemand(scope: TenantScope, customerId: string): Promise<AnalysisRunView> {
    if (!isUuid(customerId)) throw notFound('Customer');
    return this.db.tx(scope, async (em) => {
      const [customer] = await rows<{ granted: boolean | null }>(
        em,
        `SELECT c.analysis_granted AS granted FROM users u LEFT JOIN consents c ON c.tenant_id = u.tenant_id AND c.user_id = u.id
          WHERE u.tenant_id = $1 AND u.id = $2 AND u.role = 'customer'`,
        [scope.tenantId, customerId],
      );
      if (!customer) throw notFound('Customer');
      if (!customer.granted) throw unprocessable('This customer has not consented to analysis');
      const date = localDate(await this.timezone(em, scope.tenantId));
      const [run] = await rows<RunRow>(
        em,
        `INSERT INTO analysis_runs (tenant_id, user_id, kind, run_date, status, requested_by)
         VALUES ($1, $2, 'on_demand', $3, 'queued', $4) RETURNING ${RUN_COLUMNS}`,
        [scope.tenantId, customerId, date, scope.userId ?? null],
      );
      await this.attachJobs(em, scope.tenantId, [{ id: run.id, user_id: customerId }]);
      return toRunView(run);
    });
  }

  /** Runs an operator may see; a customer passes its own id as `onlyCustomer`. */
  async get(scope: TenantScope, id: string, onlyCustomer?: string): Promise<AnalysisRunView> {
    if (!isUuid(id)) throw notFound('Analysis run');
    const [run] = await this.db.tx(scope, (em) =>
      rows<RunRow>(
        em,
        `SELECT ${RUN_COLUMNS} FROM analysis_runs WHERE tenant_id = $1 AND id = $2 ${onlyCustomer ? 'AND user_id = $3' : ''}`,
        onlyCustomer ? [scope.tenantId, id, onlyCustomer] : [scope.tenantId, id],
      ),
    );
    if (!run) throw notFound('Analysis run');
    return toRunView(run);
  }

  async list(scope: TenantScope, customerId: string | undefined, limit: number): Promise<AnalysisRunView[]> {
    if (customerId !== undefined && !isUuid(customerId)) throw notFound('Customer');
    const found = await this.db.tx(scope, (em) =>
      rows<RunRow>(
        em,
        `SELECT ${RUN_COLUMNS} FROM analysis_runs WHERE tenant_id = $1 ${customerId ? 'AND user_id = $3' : ''}
          ORDER BY queued_at DESC, id DESC LIMIT $2`,
        customerId ? [scope.tenantId, limit, customerId] : [scope.tenantId, limit],
      ),
    );
    return found.map(toRunView);
  }

  /**
   * Revoked consent (in the transaction that revokes it, which holds the consent row locked): queued and running
   * runs are cancelled (their jobs too) and the customer's open findings are superseded, so nothing about them waits
   * in the review queue. A worker writes its results under a share lock of the same consent row and only onto a run
   * still running, so a run either finished before the revocation (its findings are superseded here) or writes
   * nothing.
   */
  async onConsentRevoked(em: EntityManager, tenantId: string, customerId: string): Promise<void> {
    const cancelled = await rows<{ id: string; job_id: string | null }>(
      em,
      `UPDATE analysis_runs SET status = 'cancelled', finished_at = now(), error = 'consent revoked'
        WHERE tenant_id = $1 AND user_id = $2 AND status IN ('queued', 'running') RETURNING id, job_id`,
      [tenantId, customerId],
    );
    const superseded = await rows<{ id: string; status: string }>(
      em,
      `UPDATE findings f SET status = 'superseded', version = version + 1, updated_at = now()
         FROM (SELECT id, status FROM findings WHERE tenant_id = $1 AND user_id = $2
                 AND status IN ('pending', 'in_review', 'pending_second_review', 'snoozed') FOR UPDATE) old
        WHERE f.tenant_id = $1 AND f.id = old.id
        RETURNING f.id, old.status`,
      [tenantId, customerId],
    );
    if (superseded.length) {
      await rows(
        em,
        `INSERT INTO finding_events (tenant_id, finding_id, actor_id, action, from_status, to_status, note)
         SELECT $1, s.id, NULL, 'superseded', s.status, 'superseded', 'The customer revoked analysis consent'
           FROM unnest($2::uuid[], $3::text[]) AS s(id, status)`,
        [tenantId, superseded.map((s) => s.id), superseded.map((s) => s.status)],
      );
    }
    const jobIds = cancelled.map((c) => c.job_id).filter((j): j is string => !!j);
    // pg-boss's own cancel, in this transaction: waiting jobs never start, and a running one is not retried
    if (jobIds.length) await this.queue.boss.cancel(QUEUES.customerAnalysis, jobIds, { db: inTransaction(em) });
  }

  private async attachJobs(em: EntityManager, tenantId: string, runs: Array<{ id: string; user_id: string }>): Promise<void> {
    if (!runs.length) return;
    // The job id is the run id: one job per run, traceable both ways.
    await rows(em, `UPDATE analysis_runs SET job_id = id WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, runs.map((r) => r.id)]);
    await this.queue.insertInTransaction<CustomerJobData>(
      em,
      QUEUES.customerAnalysis,
      runs.map((r) => ({ id: r.id, data: { tenantId, customerId: r.user_id, runId: r.id } })),
    );
  }

  private async timezone(em: EntityManager, tenantId: string): Promise<string> {
    const [t] = await rows<{ timezone: string }>(em, `SELECT timezone FROM tenants WHERE id = $1`, [tenantId]);
    if (!t) throw notFound('Tenant');
    return t.timezone;
  }
}
