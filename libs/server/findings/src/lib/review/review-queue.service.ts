import { Inject, Injectable } from '@nestjs/common';
import { FINDING_STATUSES, FindingSort, FindingStatus, OperatorRole, PAGE_DEFAULT_LIMIT } from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { decodeCursor, encodeCursor, invalid, notFound } from '@spendguard/server-core';
import { isUuid, rows, TenantDb } from '@spendguard/server-data';
import { FINDINGS_CONFIG, FindingsConfig } from '../config/findings-config';
import { plan } from '../domain';
import {
  applyChanges,
  factsOf,
  FINDING_COLUMNS,
  FINDING_FROM,
  FindingRow,
  decisionFacts,
  loadFinding,
  OPEN_STATUSES_SQL,
  SEVERITY_RANK_SQL,
  toFindingView,
  wakeDueSnoozes,
} from '../shared/finding-store';
import type {
  AnnotationDto,
  FindingCountsDto,
  FindingDetailDto,
  FindingDto,
  FindingEventDto,
  FindingListQueryDto,
  FindingPageDto,
} from './findings.dto';
import { scopeOf } from './review.service';

type KeyType = 'int' | 'float' | 'timestamptz' | 'uuid';
interface SortKey {
  sql: string;
  type: KeyType;
}
/** Keyset sorts: every key runs in the same direction (scores negated where high comes first), the id breaks ties. */
const SORTS: Record<FindingSort, { keys: SortKey[]; dir: 'ASC' | 'DESC' }> = {
  urgency: {
    keys: [
      { sql: SEVERITY_RANK_SQL, type: 'int' },
      { sql: `coalesce(f.due_at, 'infinity'::timestamptz)`, type: 'timestamptz' },
      { sql: `(-f.score)`, type: 'float' },
    ],
    dir: 'ASC',
  },
  dueAt: { keys: [{ sql: `coalesce(f.due_at, 'infinity'::timestamptz)`, type: 'timestamptz' }], dir: 'ASC' },
  createdAt: { keys: [{ sql: 'f.created_at', type: 'timestamptz' }], dir: 'ASC' },
  '-createdAt': { keys: [{ sql: 'f.created_at', type: 'timestamptz' }], dir: 'DESC' },
  '-score': { keys: [{ sql: '(-f.score)', type: 'float' }], dir: 'ASC' },
};

/**
 * Open findings of customers who do not (or no longer) consent to analysis are not part of the queue: the engine
 * supersedes them on revocation, and the queue checks the current consent as well.
 */
const CONSENTED_OR_CLOSED = `(f.status NOT IN ${OPEN_STATUSES_SQL} OR EXISTS (
  SELECT 1 FROM consents c WHERE c.tenant_id = f.tenant_id AND c.user_id = f.user_id AND c.analysis_granted))`;

/** Reading the review queue: lists with counts, one finding with its annotations and history, and the next one to work on. */
@Injectable()
export class ReviewQueueService {
  private readonly claimTtlMs: number;

  constructor(
    private readonly db: TenantDb,
    @Inject(FINDINGS_CONFIG) config: FindingsConfig,
  ) {
    this.claimTtlMs = config.claimTtlMinutes * 60_000;
  }

  list(user: AuthUser, query: FindingListQueryDto): Promise<FindingPageDto> {
    const limit = query.limit ?? PAGE_DEFAULT_LIMIT;
    const sort = SORTS[query.sort ?? 'urgency'];
    const where = [`f.tenant_id = $1`];
    const params: unknown[] = [user.tenantId];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.type) add((p) => `f.type = ${p}`, query.type);
    if (query.severity) add((p) => `f.severity = ${p}`, query.severity);
    if (query.customerId) add((p) => `f.user_id = ${p}::uuid`, query.customerId);
    if (query.assigneeId) add((p) => `f.assignee_id = ${p}::uuid`, query.assigneeId);
    if (query.overdue) {
      const overdue = `(f.status IN ${OPEN_STATUSES_SQL} AND f.due_at < now())`;
      where.push(query.overdue === 'true' ? overdue : `NOT ${overdue}`);
    }
    const countWhere = [...where];
    const countParams = [...params];
    where.push(CONSENTED_OR_CLOSED);
    if (query.status) add((p) => `f.status = ${p}`, query.status);

    const keys = [...sort.keys, { sql: 'f.id', type: 'uuid' as const }];
    if (query.cursor) {
      const values = decodeCursor(query.cursor, keys.length);
      const placeholders = values.map((value, i) => {
        const type = keys[i].type;
        const ok =
          type === 'int' || type === 'float'
            ? typeof value === 'number'
            : type === 'uuid'
              ? isUuid(value)
              : typeof value === 'string' && (value === 'infinity' || !Number.isNaN(Date.parse(value)));
        if (!ok) throw invalid('cursor is not valid; pass the nextCursor of the previous page');
        params.push(value);
        return `$${params.length}::${type === 'float' ? 'float8' : type}`;
      });
      where.push(`(${keys.map((k) => k.sql).join(', ')}) ${sort.dir === 'ASC' ? '>' : '<'} (${placeholders.join(', ')})`);
    }
    params.push(limit + 1);
    const keySelect = keys.map((k, i) => `${k.type === 'timestamptz' ? `${k.sql}::text` : k.sql} AS k${i}`).join(', ');
    const order = keys.map((k) => `${k.sql} ${sort.dir}`).join(', ');

    return this.db.tx(scopeOf(user), async (em) => {
      await wakeDueSnoozes(em, user.tenantId);
      const found = await rows<FindingRow & Record<string, string | number>>(
        em,
        `SELECT ${FINDING_COLUMNS}, ${keySelect} FROM ${FINDING_FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length}`,
        params,
      );
      // counted per customer first (an index-only scan when only the tenant filters), then the consent check per customer
      const byStatus = await rows<{ status: FindingStatus; n: number }>(
        em,
        `SELECT f.status, sum(f.n)::int AS n
           FROM (SELECT f.tenant_id, f.user_id, f.status, count(*) AS n FROM findings f WHERE ${countWhere.join(' AND ')}
                  GROUP BY f.tenant_id, f.user_id, f.status) f
          WHERE ${CONSENTED_OR_CLOSED}
          GROUP BY f.status`,
        countParams,
      );
      const counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as unknown as FindingCountsDto;
      for (const c of byStatus) counts[c.status] = c.n;
      // the total is the count of the status asked for, or of all of them
      const total = query.status ? counts[query.status] : byStatus.reduce((sum, c) => sum + c.n, 0);
      const page = found.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => toFindingView(r, this.claimTtlMs)),
        nextCursor: found.length > limit && last ? encodeCursor(keys.map((_, i) => last[`k${i}`] as string | number)) : null,
        total,
        counts,
      };
    });
  }

  get(user: AuthUser, id: string): Promise<FindingDetailDto> {
    return this.db.tx(scopeOf(user), async (em) => {
      const row = await loadFinding(em, user.tenantId, id);
      if (!row) throw notFound('Finding');
      const annotations = await rows<{ id: string; author_id: string; body: string; visibility: AnnotationDto['visibility']; created_at: Date }>(
        em,
        `SELECT id, author_id, body, visibility, created_at FROM annotations WHERE tenant_id = $1 AND finding_id = $2 ORDER BY created_at, id`,
        [user.tenantId, id],
      );
      return {
        ...toFindingView(row, this.claimTtlMs),
        annotations: annotations.map((a) => ({
          id: a.id,
          findingId: id,
          authorId: a.author_id,
          body: a.body,
          visibility: a.visibility,
          createdAt: a.created_at.toISOString(),
        })),
      };
    });
  }

  events(user: AuthUser, id: string): Promise<{ items: FindingEventDto[] }> {
    return this.db.tx(scopeOf(user), async (em) => {
      const [exists] = await rows<{ id: string }>(em, `SELECT id FROM findings WHERE tenant_id = $1 AND id = $2`, [user.tenantId, id]);
      if (!exists) throw notFound('Finding');
      const found = await rows<{
        at: Date;
        actor_id: string | null;
        action: string;
        from_status: FindingStatus | null;
        to_status: FindingStatus | null;
        note: string | null;
        payload: Record<string, unknown> | null;
      }>(
        em,
        `SELECT at, actor_id, action, from_status, to_status, note, payload FROM finding_events
          WHERE tenant_id = $1 AND finding_id = $2 ORDER BY at, id`,
        [user.tenantId, id],
      );
      return {
        items: found.map((e) => ({
          at: e.at.toISOString(),
          actorId: e.actor_id,
          action: e.action,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          note: e.note,
          payload: e.payload,
        })),
      };
    });
  }

  /**
   * The most urgent finding nobody works on (pending, or in review with a lapsed claim) of a consenting customer,
   * claimed for the caller in the same transaction. SKIP LOCKED: two reviewers asking at once get different findings.
   */
  next(user: AuthUser): Promise<FindingDto | null> {
    return this.db.tx(scopeOf(user), async (em) => {
      await wakeDueSnoozes(em, user.tenantId);
      const [candidate] = await rows<{ id: string }>(
        em,
        `SELECT f.id FROM findings f
          WHERE f.tenant_id = $1
            AND (f.status = 'pending' OR (f.status = 'in_review' AND (f.claimed_at IS NULL OR f.claimed_at <= now() - make_interval(secs => $2))))
            AND EXISTS (SELECT 1 FROM consents c WHERE c.tenant_id = f.tenant_id AND c.user_id = f.user_id AND c.analysis_granted)
          ORDER BY ${SEVERITY_RANK_SQL}, coalesce(f.due_at, 'infinity'::timestamptz), f.score DESC, f.created_at, f.id
          LIMIT 1
          FOR UPDATE OF f SKIP LOCKED`,
        [user.tenantId, this.claimTtlMs / 1000],
      );
      if (!candidate) return null;
      const row = (await loadFinding(em, user.tenantId, candidate.id)) as FindingRow;
      const p = plan(factsOf(row), 'claim', {
        actor: { id: user.userId, role: user.role as OperatorRole },
        ...(await decisionFacts(em, user.tenantId)),
        claimTtlMs: this.claimTtlMs,
      });
      // the row is locked and was chosen as claimable, so the machine agrees; anything else is a bug worth a 500
      if (!p.ok) throw new Error(`next: the state machine refused to claim ${row.id}: ${p.message}`);
      await applyChanges(em, user.tenantId, [{ id: row.id, next: p.next, steps: p.steps, payload: { via: 'next' } }]);
      return toFindingView((await loadFinding(em, user.tenantId, row.id)) as FindingRow, this.claimTtlMs);
    });
  }
}
