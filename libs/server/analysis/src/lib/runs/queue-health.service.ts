import { Injectable } from '@nestjs/common';
import { PGBOSS_SCHEMA, rows, TenantDb, TenantScope } from '@spendguard/server-data';
import type { QueueHealthDto } from './analysis.dto';
import { toRunView } from './analysis-runs.service';

@Injectable()
export class QueueHealthService {
  constructor(private readonly db: TenantDb) {}

  /** The tenant's jobs by queue and state, the oldest waiting job, and the latest failures. */
  health(scope: TenantScope): Promise<QueueHealthDto> {
    return this.db.tx(scope, async (em) => {
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
        `SELECT id, user_id, kind, run_date::text AS run_date, status, queued_at, started_at, finished_at, timings,
                model_versions, counts, findings_created, attempts, error
           FROM analysis_runs WHERE tenant_id = $1 AND status = 'failed' ORDER BY finished_at DESC NULLS LAST LIMIT 20`,
        [scope.tenantId],
      );
      return { counts, oldestQueuedSeconds: oldest?.seconds ?? null, recentFailures: failures.map(toRunView) };
    });
  }
}
