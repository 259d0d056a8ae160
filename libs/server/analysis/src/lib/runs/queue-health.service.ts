import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { PGBOSS_SCHEMA, QUEUES, rows, runInTenant, TenantDb, TenantScope } from '@spendguard/server-data';
import type { QueueHealthDto } from './analysis.dto';
import { RUN_COLUMNS, toRunView } from './analysis-runs.service';

/** A queued or running run whose job cannot be found (neither waiting, nor finished, nor archived) is failed after this. */
export const MISSING_JOB_GRACE = '10 minutes';

/**
 * Runs of the tenant that can no longer finish become `failed` with the reason recorded: their pg-boss job ended
 * (failed, e.g. expired on its last attempt after its worker was killed; cancelled; completed) without the run
 * recording an outcome, was archived before it ever ran (past its retention), or is gone altogether (and the run is
 * older than MISSING_JOB_GRACE). Rows a worker is writing right now are skipped. Returns the runs failed.
 */
export async function reconcileTenantRuns(em: EntityManager, tenantId: string): Promise<Array<{ id: string; error: string }>> {
  return rows<{ id: string; error: string }>(
    em,
    `WITH open AS (
       SELECT r.id, r.queued_at, j.state::text AS live, coalesce(j.output->>'message', j.output->'value'->>'message') AS message,
              a.state::text AS archived
         FROM analysis_runs r
         LEFT JOIN ${PGBOSS_SCHEMA}.job j ON j.name = $2 AND j.id = r.job_id
         LEFT JOIN ${PGBOSS_SCHEMA}.archive a ON a.name = $2 AND a.id = r.job_id
        WHERE r.tenant_id = $1 AND r.status IN ('queued', 'running')),
     stuck AS (
       SELECT id, CASE
                WHEN live = 'failed' THEN 'The analysis job failed without recording an outcome' || coalesce(' (' || message || ')', '')
                WHEN live IN ('cancelled', 'completed') THEN 'The analysis job was ' || live || ' without recording an outcome'
                WHEN live IS NULL AND archived IS NOT NULL THEN 'The analysis job was archived (' || archived || ') without recording an outcome'
                ELSE 'The analysis job is missing'
              END AS error
         FROM open
        WHERE live IN ('failed', 'cancelled', 'completed')
           OR (live IS NULL AND archived IS NOT NULL)
           OR (live IS NULL AND archived IS NULL AND queued_at < now() - $3::interval)),
     -- only the stuck ones are locked (rows a worker is writing right now are skipped) and re-checked
     locked AS (
       SELECT r.id, s.error FROM analysis_runs r JOIN stuck s ON s.id = r.id
        WHERE r.tenant_id = $1 AND r.status IN ('queued', 'running')
        FOR UPDATE OF r SKIP LOCKED)
     UPDATE analysis_runs r SET status = 'failed', finished_at = now(), error = left(l.error, 2000)
       FROM locked l
      WHERE r.tenant_id = $1 AND r.id = l.id
     RETURNING r.id, r.error`,
    [tenantId, QUEUES.customerAnalysis, MISSING_JOB_GRACE],
  );
}

/** reconcileTenantRuns for every tenant with queued or running runs (the workers' periodic maintenance). */
export async function reconcileRuns(ds: DataSource): Promise<number> {
  const tenants = await ds.query<Array<{ id: string }>>(`SELECT t AS id FROM app_unfinished_analysis_tenants() AS t`);
  let failed = 0;
  for (const { id } of tenants) {
    failed += (await runInTenant(ds, { tenantId: id }, (em) => reconcileTenantRuns(em, id))).length;
  }
  return failed;
}

@Injectable()
export class QueueHealthService {
  constructor(private readonly db: TenantDb) {}

  /**
   * The tenant's jobs by queue and state, the oldest waiting job, and the latest failures (runs whose job ended
   * without recording an outcome are failed first, so they show here even when no worker runs maintenance).
   */
  health(scope: TenantScope): Promise<QueueHealthDto> {
    return this.db.tx(scope, async (em) => {
      await reconcileTenantRuns(em, scope.tenantId);
      const counts = await rows<{ queue: string; state: string; count: number }>(
        em,
        `SELECT name AS queue, state::text AS state, count(*)::int AS count FROM ${PGBOSS_SCHEMA}.job
          WHERE data->>'tenantId' = $1 GROUP BY name, state ORDER BY name, state`,
        [scope.tenantId],
      );
      const [oldest] = await rows<{ seconds: number | null }>(
        em,
        `SELECT extract(epoch FROM now() - min(created_on))::int AS seconds FROM ${PGBOSS_SCHEMA}.job
          WHERE data->>'tenantId' = $1 AND state IN ('created', 'retry')`,
        [scope.tenantId],
      );
      const failures = await rows<Parameters<typeof toRunView>[0]>(
        em,
        `SELECT ${RUN_COLUMNS}
           FROM analysis_runs WHERE tenant_id = $1 AND status = 'failed' ORDER BY finished_at DESC NULLS LAST LIMIT 20`,
        [scope.tenantId],
      );
      return { counts, oldestQueuedSeconds: oldest?.seconds ?? null, recentFailures: failures.map(toRunView) };
    });
  }
}
