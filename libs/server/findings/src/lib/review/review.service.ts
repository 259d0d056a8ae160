import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OperatorRole, ReviewAction } from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { conflict, DomainError, forbidden, invalid, notFound, unprocessable } from '@spendguard/server-core';
import { isUuid, rows, TenantDb, TenantScope } from '@spendguard/server-data';
import { FINDINGS_CONFIG, FindingsConfig } from '../config/findings-config';
import { DecisionContext, dismissalProblem, plan, rewrite } from '../domain';
import { notification, publishLive } from '../live/live-publish';
import {
  applyChanges,
  factsOf,
  FindingChange,
  FindingRow,
  decisionFacts,
  insertEvents,
  loadFinding,
  lockFindings,
  toFindingView,
} from '../shared/finding-store';
import type {
  AnnotateDto,
  AnnotationDto,
  ApproveDto,
  AssignDto,
  BulkDto,
  BulkItemResultDto,
  BulkResultDto,
  DismissDto,
  FindingDto,
  RejectDismissalDto,
  SnoozeDto,
} from './findings.dto';

/** What an action adds to the workflow move: its own columns, note and event payload. */
type Extra = Omit<FindingChange, 'id' | 'next' | 'steps'>;

interface DecisionInput {
  action: ReviewAction;
  /** Omitted only by bulk decisions, which act on the current version. */
  version?: number;
  assigneeId?: string;
  until?: Date;
  extra?: (row: FindingRow, now: Date) => Extra;
}

/**
 * The review workflow's use cases. Each decision is one transaction: lock the finding, compare the version,
 * ask the state machine, write the new state (version + 1) and its events.
 */
@Injectable()
export class ReviewService {
  private readonly claimTtlMs: number;

  constructor(
    private readonly db: TenantDb,
    @Inject(FINDINGS_CONFIG) config: FindingsConfig,
  ) {
    this.claimTtlMs = config.claimTtlMinutes * 60_000;
  }

  claim(user: AuthUser, id: string, version: number): Promise<FindingDto> {
    return this.decideOne(user, id, {
      action: 'claim',
      version,
      extra: (_row, now) => ({ payload: { claimExpiresAt: new Date(now.getTime() + this.claimTtlMs).toISOString() } }),
    });
  }

  release(user: AuthUser, id: string, version: number): Promise<FindingDto> {
    return this.decideOne(user, id, { action: 'release', version });
  }

  approve(user: AuthUser, id: string, dto: ApproveDto): Promise<FindingDto> {
    return this.decideOne(user, id, { action: 'approve', version: dto.version, extra: (row) => approval(row, dto, dto.note) });
  }

  dismiss(user: AuthUser, id: string, dto: DismissDto): Promise<FindingDto> {
    const problem = dismissalProblem(dto.reason, dto.note);
    if (problem) throw invalid(problem);
    return this.decideOne(user, id, { action: 'dismiss', version: dto.version, extra: () => dismissal(dto.reason, dto.note) });
  }

  snooze(user: AuthUser, id: string, dto: SnoozeDto): Promise<FindingDto> {
    const until = new Date(dto.until);
    return this.decideOne(user, id, { action: 'snooze', version: dto.version, until, extra: () => ({ payload: { until: until.toISOString() } }) });
  }

  async assign(user: AuthUser, id: string, dto: AssignDto): Promise<FindingDto> {
    return this.decideOne(user, id, {
      action: 'assign',
      version: dto.version,
      assigneeId: dto.assigneeId,
      extra: (row) => ({ payload: { assigneeId: dto.assigneeId, previousAssigneeId: row.assignee_id } }),
    });
  }

  confirmDismissal(user: AuthUser, id: string, version: number): Promise<FindingDto> {
    return this.decideOne(user, id, {
      action: 'confirm_dismissal',
      version,
      extra: (row) => ({ payload: { reason: row.dismiss_reason, firstReviewerId: row.first_reviewer_id } }),
    });
  }

  rejectDismissal(user: AuthUser, id: string, dto: RejectDismissalDto): Promise<FindingDto> {
    return this.decideOne(user, id, {
      action: 'reject_dismissal',
      version: dto.version,
      extra: (row) => ({ dismissReason: null, note: dto.note?.trim() || null, payload: { rejectedReason: row.dismiss_reason } }),
    });
  }

  /** Annotations do not move the finding (nor its version); they are recorded as an event all the same. */
  annotate(user: AuthUser, id: string, dto: AnnotateDto): Promise<AnnotationDto> {
    return this.db.tx(scopeOf(user), async (em) => {
      const finding = await loadFinding(em, user.tenantId, id);
      if (!finding) throw notFound('Finding');
      const [created] = await rows<{ id: string; created_at: Date }>(
        em,
        `INSERT INTO annotations (tenant_id, finding_id, author_id, body, visibility) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
        [user.tenantId, id, user.userId, dto.body, dto.visibility],
      );
      await insertEvents(em, user.tenantId, [
        {
          findingId: id,
          actorId: user.userId,
          action: 'annotated',
          fromStatus: finding.status,
          toStatus: finding.status,
          note: dto.body,
          payload: { annotationId: created.id, visibility: dto.visibility },
        },
      ]);
      await publishLive(em, [
        notification(user.tenantId, finding.user_id, 'finding.decided', {
          id,
          action: 'annotated',
          fromStatus: finding.status,
          status: finding.status,
          version: finding.version,
          actorId: user.userId,
          at: created.created_at.toISOString(),
        }),
      ]);
      return {
        id: created.id,
        findingId: id,
        authorId: user.userId,
        body: dto.body,
        visibility: dto.visibility,
        createdAt: created.created_at.toISOString(),
      };
    });
  }

  /**
   * Up to 500 findings in one transaction, each decided on its own: an unknown id, a finding in the wrong state or
   * someone else's claim is reported for that id and never stops the rest. Pending findings are claimed on the way.
   */
  bulk(user: AuthUser, dto: BulkDto): Promise<BulkResultDto> {
    if (dto.action === 'assign') {
      if (user.role === 'reviewer') throw forbidden('Only a supervisor or an admin may assign findings');
      if (!dto.assigneeId) throw invalid('assigneeId is required to assign');
    }
    if (dto.action === 'dismiss') {
      const problem = dismissalProblem(dto.reason, dto.note);
      if (problem) throw invalid(dto.reason === undefined ? 'reason is required to dismiss' : problem);
    }
    const ids = [...new Set(dto.ids)];
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    return this.db.tx(scopeOf(user), async (em) => {
      if (dto.action === 'assign') await this.requireOperator(em, user.tenantId, dto.assigneeId as string);
      const ctx = await this.context(em, user, { assigneeId: dto.assigneeId });
      const found = new Map((await lockFindings(em, user.tenantId, valid)).map((r) => [r.id, r]));
      const changes: FindingChange[] = [];
      const results = new Map<string, BulkItemResultDto>();
      for (const id of ids) {
        const row = isUuid(id) ? found.get(id.toLowerCase()) : undefined;
        if (!row) {
          results.set(id, { id, ok: false, error: 'Finding not found' });
          continue;
        }
        const p = plan(factsOf(row), dto.action, ctx, { claimIfPending: true });
        if (!p.ok) {
          results.set(id, { id, ok: false, status: row.status, error: p.message });
          continue;
        }
        const extra =
          dto.action === 'approve'
            ? approval(row, {}, dto.note)
            : dto.action === 'dismiss'
              ? dismissal(dto.reason as NonNullable<BulkDto['reason']>, dto.note)
              : { note: dto.note?.trim() || null, payload: { assigneeId: dto.assigneeId, previousAssigneeId: row.assignee_id } };
        changes.push({ id: row.id, next: p.next, steps: p.steps, ...extra, payload: { ...(extra.payload ?? {}), bulk: true } });
        results.set(id, { id, ok: true, status: p.next.status });
      }
      await applyChanges(em, user.tenantId, changes);
      return { results: ids.map((id) => results.get(id) as BulkItemResultDto) };
    });
  }

  private decideOne(user: AuthUser, id: string, input: DecisionInput): Promise<FindingDto> {
    return this.db.tx(scopeOf(user), async (em) => {
      const [row] = await lockFindings(em, user.tenantId, [id]);
      if (!row) throw notFound('Finding');
      if (input.version !== undefined && row.version !== input.version) {
        throw conflict(`The finding was changed meanwhile (now version ${row.version}, ${row.status}); reload and retry`, {
          currentVersion: row.version,
          status: row.status,
        });
      }
      if (input.action === 'assign') await this.requireOperator(em, user.tenantId, input.assigneeId as string);
      const ctx = await this.context(em, user, { assigneeId: input.assigneeId, until: input.until });
      const p = plan(factsOf(row), input.action, ctx);
      if (!p.ok) throw new DomainError(p.kind, p.message, p.details);
      await applyChanges(em, user.tenantId, [{ id, next: p.next, steps: p.steps, ...(input.extra?.(row, ctx.now) ?? {}) }]);
      return toFindingView((await loadFinding(em, user.tenantId, id)) as FindingRow, this.claimTtlMs);
    });
  }

  private async context(em: EntityManager, user: AuthUser, extra: Pick<DecisionContext, 'assigneeId' | 'until'>): Promise<DecisionContext> {
    return {
      actor: { id: user.userId, role: user.role as OperatorRole },
      ...(await decisionFacts(em, user.tenantId)),
      claimTtlMs: this.claimTtlMs,
      ...extra,
    };
  }

  /** Findings go to the tenant's operators only (an id from elsewhere is simply unknown here). */
  private async requireOperator(em: EntityManager, tenantId: string, userId: string): Promise<void> {
    const [found] = await rows<{ id: string }>(
      em,
      `SELECT id FROM users WHERE tenant_id = $1 AND id = $2 AND role IN ('reviewer', 'supervisor', 'admin')`,
      [tenantId, userId],
    );
    if (!found) throw unprocessable('assigneeId is not a reviewer, supervisor or admin of this tenant');
  }
}

function approval(row: FindingRow, edit: { title?: string; message?: string }, note: string | undefined): Extra {
  const text = rewrite({ title: row.title, message: row.message }, edit);
  return {
    title: text.title,
    message: text.message,
    note: note?.trim() || null,
    payload: { ...text.changed, originalTitle: row.original_title, originalMessage: row.original_message },
  };
}

function dismissal(reason: NonNullable<DismissDto['reason']>, note: string | undefined): Extra {
  return { dismissReason: reason, note: note?.trim() || null, payload: { reason } };
}

export function scopeOf(user: AuthUser): TenantScope {
  return { tenantId: user.tenantId, userId: user.userId };
}
