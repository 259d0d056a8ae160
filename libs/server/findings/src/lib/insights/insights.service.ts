import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FindingType } from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { notFound } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import { insertEvents } from '../shared/finding-store';
import { scopeOf } from '../review/review.service';
import type { InsightDto, InsightListDto } from './insights.dto';

interface InsightRow {
  id: string;
  type: FindingType;
  title: string;
  message: string;
  approved_at: Date;
  read_at: Date | null;
  annotations: Array<{ body: string; at: string }>;
}

/** Only the caller's own approved findings, in the approved wording, with the notes meant for the customer. */
const INSIGHT_SELECT = `SELECT f.id, f.type, f.title, f.message, f.approved_at, f.read_at,
    coalesce((SELECT json_agg(json_build_object('body', a.body, 'at', a.created_at) ORDER BY a.created_at, a.id)
                FROM annotations a
               WHERE a.tenant_id = f.tenant_id AND a.finding_id = f.id AND a.visibility = 'customer'), '[]'::json) AS annotations
  FROM findings f
 WHERE f.tenant_id = $1 AND f.user_id = $2 AND f.status = 'approved'`;

/** What customers see of the review: approved findings only, never anything pending, dismissed or someone else's. */
@Injectable()
export class InsightsService {
  constructor(private readonly db: TenantDb) {}

  list(customer: AuthUser): Promise<InsightListDto> {
    return this.db.tx(scopeOf(customer), async (em) => {
      const found = await rows<InsightRow>(em, `${INSIGHT_SELECT} ORDER BY f.approved_at DESC, f.id`, [customer.tenantId, customer.userId]);
      return { items: found.map(toView) };
    });
  }

  /** Marks an insight read (the first time counts) or unread again; the change is recorded on the finding. */
  markRead(customer: AuthUser, id: string, read: boolean): Promise<InsightDto> {
    return this.db.tx(scopeOf(customer), async (em) => {
      const [changed] = await rows<{ id: string }>(
        em,
        `UPDATE findings SET read_at = CASE WHEN $4 THEN now() END
          WHERE tenant_id = $1 AND user_id = $2 AND id = $3 AND status = 'approved' AND (read_at IS NULL) = $4
          RETURNING id`,
        [customer.tenantId, customer.userId, id, read],
      );
      if (changed) {
        await insertEvents(em, customer.tenantId, [
          { findingId: id, actorId: customer.userId, action: read ? 'read' : 'unread', fromStatus: 'approved', toStatus: 'approved', note: null, payload: null },
        ]);
      }
      return this.load(em, customer, id);
    });
  }

  private async load(em: EntityManager, customer: AuthUser, id: string): Promise<InsightDto> {
    const [row] = await rows<InsightRow>(em, `${INSIGHT_SELECT} AND f.id = $3`, [customer.tenantId, customer.userId, id]);
    if (!row) throw notFound('Insight');
    return toView(row);
  }
}

function toView(row: InsightRow): InsightDto {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    message: row.message,
    annotations: row.annotations.map((a) => ({ body: a.body, at: new Date(a.at).toISOString() })),
    approvedAt: row.approved_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}
