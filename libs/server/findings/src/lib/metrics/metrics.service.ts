import { Injectable } from '@nestjs/common';
import type { DismissReason, FindingSeverity, FindingStatus, FindingType } from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { rows, TenantDb } from '@spendguard/server-data';
import { scopeOf } from '../review/review.service';
import { OPEN_STATUSES_SQL } from '../shared/finding-store';
import type { FindingMetricsDto } from './metrics.dto';

/** Findings whose final decision fell in the window ($2 = its start): approved or (finally) dismissed. */
const DECIDED_IN_WINDOW = `f.tenant_id = $1 AND f.status IN ('approved', 'dismissed') AND f.decided_at >= $2`;
/** Decisions people made: findings a suppression rule dismissed on arrival say nothing about precision. */
const DECIDED_BY_PEOPLE = `${DECIDED_IN_WINDOW} AND f.dismiss_reason IS DISTINCT FROM 'suppressed'`;

/**
 * The detector of an anomaly: the key of evidence.detectors with the highest numeric score (ties: the
 * alphabetically first). Anomalies without detector scores have none and are left out of the per-detector precision.
 */
const TOP_DETECTOR = `SELECT d.key FROM jsonb_each(CASE WHEN jsonb_typeof(f.evidence -> 'detectors') = 'object' THEN f.evidence -> 'detectors' ELSE '{}'::jsonb END) AS d
  WHERE jsonb_typeof(d.value) = 'number' ORDER BY (d.value)::float8 DESC, d.key LIMIT 1`;

const SEVERITY_ORDER = `CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`;
const STATUS_ORDER = `array_position(ARRAY['pending', 'in_review', 'pending_second_review', 'snoozed']::text[], f.status::text)`;

const precision = (approved: number, dismissed: number) => (approved + dismissed === 0 ? null : approved / (approved + dismissed));

/**
 * Review metrics of the caller's tenant: the queue as it is now, and what was decided in the last `days` days.
 * One SQL statement per metric, all in one tenant-scoped transaction.
 */
@Injectable()
export class MetricsService {
  constructor(private readonly db: TenantDb) {}

  metrics(user: AuthUser, days: number): Promise<FindingMetricsDto> {
    return this.db.tx(scopeOf(user), async (em) => {
      const [clock] = await rows<{ now: Date; since: Date }>(em, `SELECT now() AS now, now() - make_interval(days => $1::int) AS since`, [days]);
      const t = user.tenantId;
      const w = [t, clock.since];

      const queue = await rows<{ status: FindingStatus; severity: FindingSeverity; count: number }>(
        em,
        `SELECT f.status, f.severity, count(*)::int AS count FROM findings f
          WHERE f.tenant_id = $1 AND f.status IN ${OPEN_STATUSES_SQL}
          GROUP BY f.status, f.severity ORDER BY ${STATUS_ORDER}, ${SEVERITY_ORDER}`,
        [t],
      );
      const [age] = await rows<{ open: number; median: number | null; p90: number | null; overdue: number }>(
        em,
        `SELECT count(*)::int AS open,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - f.created_at) / 3600) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM now() - f.created_at) / 3600) AS p90
           FROM findings f WHERE f.tenant_id = $1 AND f.status IN ${OPEN_STATUSES_SQL}`,
        [t],
      );
      const [overdue] = await rows<{ count: number }>(
        em,
        `SELECT count(*)::int AS count FROM findings f WHERE f.tenant_id = $1 AND f.status IN ${OPEN_STATUSES_SQL} AND f.due_at < now()`,
        [t],
      );
      const reviewers = await rows<{ actor_id: string; display_name: string; approved: number; dismissed: number; second: number; snoozed: number }>(
        em,
        `SELECT e.actor_id, u.display_name,
                count(*) FILTER (WHERE e.action = 'approved')::int AS approved,
                count(*) FILTER (WHERE e.action = 'dismissed')::int AS dismissed,
                count(*) FILTER (WHERE e.action IN ('dismissal_confirmed', 'dismissal_rejected'))::int AS second,
                count(*) FILTER (WHERE e.action = 'snoozed')::int AS snoozed
           FROM finding_events e JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.actor_id
          WHERE e.tenant_id = $1 AND e.at >= $2
            AND e.action IN ('approved', 'dismissed', 'dismissal_confirmed', 'dismissal_rejected', 'snoozed')
          GROUP BY e.actor_id, u.display_name
          ORDER BY count(*) DESC, u.display_name, e.actor_id`,
        w,
      );
      const [decided] = await rows<{ approved: number; dismissed: number }>(
        em,
        `SELECT count(*) FILTER (WHERE f.status = 'approved')::int AS approved, count(*) FILTER (WHERE f.status = 'dismissed')::int AS dismissed
           FROM findings f WHERE ${DECIDED_BY_PEOPLE}`,
        w,
      );
      const reasons = await rows<{ reason: DismissReason; count: number }>(
        em,
        `SELECT f.dismiss_reason AS reason, count(*)::int AS count FROM findings f
          WHERE ${DECIDED_IN_WINDOW} AND f.status = 'dismissed' AND f.dismiss_reason IS NOT NULL
          GROUP BY f.dismiss_reason ORDER BY count(*) DESC, f.dismiss_reason`,
        w,
      );
      const detectors = await rows<{ detector: string; approved: number; dismissed: number }>(
        em,
        `SELECT top.detector, count(*) FILTER (WHERE f.status = 'approved')::int AS approved,
                count(*) FILTER (WHERE f.status = 'dismissed')::int AS dismissed
           FROM findings f CROSS JOIN LATERAL (${TOP_DETECTOR}) AS top(detector)
          WHERE ${DECIDED_BY_PEOPLE} AND f.type = 'anomaly'
          GROUP BY top.detector ORDER BY top.detector`,
        w,
      );
      const types = await rows<{ type: FindingType; approved: number; dismissed: number }>(
        em,
        `SELECT f.type, count(*) FILTER (WHERE f.status = 'approved')::int AS approved,
                count(*) FILTER (WHERE f.status = 'dismissed')::int AS dismissed
           FROM findings f WHERE ${DECIDED_BY_PEOPLE}
          GROUP BY f.type ORDER BY f.type`,
        w,
      );

      return {
        days,
        since: clock.since.toISOString(),
        generatedAt: clock.now.toISOString(),
        queue,
        openAge: { open: age.open, medianHours: age.median === null ? null : Number(age.median), p90Hours: age.p90 === null ? null : Number(age.p90) },
        overdue: overdue.count,
        decisionsByReviewer: reviewers.map((r) => ({
          actorId: r.actor_id,
          displayName: r.display_name,
          approved: r.approved,
          dismissed: r.dismissed,
          secondReviews: r.second,
          snoozed: r.snoozed,
          total: r.approved + r.dismissed + r.second + r.snoozed,
        })),
        approvalRate: precision(decided.approved, decided.dismissed),
        decided: { approved: decided.approved, dismissed: decided.dismissed },
        dismissalReasons: reasons,
        precisionByDetector: detectors.map((d) => ({ ...d, precision: precision(d.approved, d.dismissed) })),
        precisionByType: types.map((d) => ({ ...d, precision: precision(d.approved, d.dismissed) })),
      };
    });
  }
}
