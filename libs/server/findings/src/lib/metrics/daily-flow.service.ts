import { Injectable } from '@nestjs/common';
import type { DailyReviewFlow } from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { rows, TenantDb } from '@spendguard/server-data';
import { scopeOf } from '../review/review.service';

/**
 * Findings created and decided per day of the tenant's own calendar (the console's "inflow versus decisions"
 * chart), over the last `days` days including today. Decisions are the finding_events people wrote: approvals,
 * dismissals that became final at once (to_status dismissed) and confirmed four-eyes dismissals; a dismissal
 * waiting for its second review counts on the day it is confirmed. Suppression rules decide nothing here.
 */
@Injectable()
export class DailyFlowService {
  constructor(private readonly db: TenantDb) {}

  flow(user: AuthUser, days: number): Promise<DailyReviewFlow> {
    return this.db.tx(scopeOf(user), async (em) => {
      const [tenant] = await rows<{ timezone: string }>(em, `SELECT timezone FROM tenants WHERE id = $1`, [user.tenantId]);
      const tz = tenant?.timezone ?? 'UTC';
      const found = await rows<{ day: string; created: number; approved: number; dismissed: number }>(
        em,
        `WITH bounds AS (SELECT (now() AT TIME ZONE $2)::date AS today),
              days AS (SELECT generate_series((SELECT today FROM bounds) - ($3::int - 1), (SELECT today FROM bounds), interval '1 day')::date AS day),
              created AS (
                SELECT (f.created_at AT TIME ZONE $2)::date AS day, count(*)::int AS n FROM findings f
                 WHERE f.tenant_id = $1 AND f.created_at >= ((SELECT today FROM bounds) - ($3::int - 1))::timestamp AT TIME ZONE $2
                 GROUP BY 1),
              decided AS (
                SELECT (e.at AT TIME ZONE $2)::date AS day,
                       count(*) FILTER (WHERE e.action = 'approved')::int AS approved,
                       count(*) FILTER (WHERE (e.action = 'dismissed' AND e.to_status = 'dismissed') OR e.action = 'dismissal_confirmed')::int AS dismissed
                  FROM finding_events e
                 WHERE e.tenant_id = $1 AND e.actor_id IS NOT NULL
                   AND e.action IN ('approved', 'dismissed', 'dismissal_confirmed')
                   AND e.at >= ((SELECT today FROM bounds) - ($3::int - 1))::timestamp AT TIME ZONE $2
                 GROUP BY 1)
         SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(c.n, 0) AS created, coalesce(x.approved, 0) AS approved, coalesce(x.dismissed, 0) AS dismissed
           FROM days d LEFT JOIN created c ON c.day = d.day LEFT JOIN decided x ON x.day = d.day
          ORDER BY d.day`,
        [user.tenantId, tz, days],
      );
      return { days: found, timezone: tz };
    });
  }
}
