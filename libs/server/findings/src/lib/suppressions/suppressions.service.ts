import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FindingType, PAGE_DEFAULT_LIMIT } from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { suppressionMerchantKey } from '@spendguard/server-analysis';
import { decodeCursor, encodeCursor, invalid, notFound, unprocessable } from '@spendguard/server-core';
import { isUuid, rows, TenantDb } from '@spendguard/server-data';
import { scopeOf } from '../review/review.service';
import type { CreateSuppressionDto, SuppressionListQueryDto, SuppressionPageDto, SuppressionRuleDto } from './suppressions.dto';

interface RuleRow {
  id: string;
  customer_id: string | null;
  customer_name: string | null;
  finding_type: FindingType | null;
  merchant: string | null;
  category_id: string | null;
  category_name: string | null;
  note: string;
  created_by: string;
  created_at: Date;
  created_key: string;
  expires_at: Date | null;
  active: boolean;
}

const RULE_SELECT = `SELECT r.id, r.customer_id, u.display_name AS customer_name, r.finding_type, r.merchant, r.category_id,
       c.name AS category_name, r.note, r.created_by, r.created_at, r.created_at::text AS created_key, r.expires_at,
       (r.expires_at IS NULL OR r.expires_at > now()) AS active
  FROM suppression_rules r
  LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.customer_id
  LEFT JOIN categories c ON c.tenant_id = r.tenant_id AND c.id = r.category_id`;

/**
 * Suppression rules: operators read them, supervisors and admins create and delete them. The analysis applies
 * them where findings are stored (libs/server/analysis findings-writer), to new findings only.
 */
@Injectable()
export class SuppressionsService {
  constructor(private readonly db: TenantDb) {}

  list(user: AuthUser, query: SuppressionListQueryDto): Promise<SuppressionPageDto> {
    const limit = query.limit ?? PAGE_DEFAULT_LIMIT;
    const where = ['r.tenant_id = $1'];
    const params: unknown[] = [user.tenantId];
    if (query.customerId) {
      params.push(query.customerId);
      where.push(`r.customer_id = $${params.length}::uuid`);
    }
    if (query.active) where.push(query.active === 'true' ? '(r.expires_at IS NULL OR r.expires_at > now())' : 'r.expires_at <= now()');
    const totalWhere = [...where];
    const totalParams = [...params];
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, 2);
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !isUuid(id)) {
        throw invalid('cursor is not valid; pass the nextCursor of the previous page');
      }
      params.push(at, id);
      where.push(`(r.created_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    return this.db.tx(scopeOf(user), async (em) => {
      const found = await rows<RuleRow>(
        em,
        `${RULE_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length}`,
        params,
      );
      const [{ total }] = await rows<{ total: number }>(
        em,
        `SELECT count(*)::int AS total FROM suppression_rules r WHERE ${totalWhere.join(' AND ')}`,
        totalParams,
      );
      const page = found.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toView),
        nextCursor: found.length > limit && last ? encodeCursor([last.created_key, last.id]) : null,
        total,
      };
    });
  }

  create(user: AuthUser, dto: CreateSuppressionDto): Promise<SuppressionRuleDto> {
    if (dto.findingType === undefined && dto.merchant === undefined && dto.categoryId === undefined) {
      throw invalid('A suppression rule needs at least one of findingType, merchant or categoryId');
    }
    const merchant = dto.merchant === undefined ? null : suppressionMerchantKey(dto.merchant);
    if (dto.merchant !== undefined && merchant === null) {
      throw invalid('merchant must name a merchant (letters), not only digits or reference codes');
    }
    const expiresAt = dto.expiresAt === undefined ? null : new Date(dto.expiresAt);
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw invalid('expiresAt must be in the future');
    const customerId = dto.customerId?.toLowerCase() ?? null;
    const categoryId = dto.categoryId?.toLowerCase() ?? null;
    return this.db.tx(scopeOf(user), async (em) => {
      if (customerId) await requireCustomer(em, user.tenantId, customerId);
      if (categoryId) await requireCategory(em, user.tenantId, categoryId, customerId);
      const [created] = await rows<{ id: string }>(
        em,
        `INSERT INTO suppression_rules (tenant_id, customer_id, finding_type, merchant, category_id, note, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [user.tenantId, customerId, dto.findingType ?? null, merchant, categoryId, dto.note, user.userId, expiresAt],
      );
      const [row] = await rows<RuleRow>(em, `${RULE_SELECT} WHERE r.tenant_id = $1 AND r.id = $2`, [user.tenantId, created.id]);
      return toView(row);
    });
  }

  /** Findings the rule already dismissed stay dismissed (their `suppressed` event names the rule). */
  remove(user: AuthUser, id: string): Promise<void> {
    return this.db.tx(scopeOf(user), async (em) => {
      const deleted = await rows<{ id: string }>(em, `DELETE FROM suppression_rules WHERE tenant_id = $1 AND id = $2 RETURNING id`, [
        user.tenantId,
        id,
      ]);
      if (!deleted.length) throw notFound('Suppression rule');
    });
  }
}

async function requireCustomer(em: EntityManager, tenantId: string, customerId: string): Promise<void> {
  const [found] = await rows<{ id: string }>(em, `SELECT id FROM users WHERE tenant_id = $1 AND id = $2 AND role = 'customer'`, [
    tenantId,
    customerId,
  ]);
  if (!found) throw unprocessable('customerId is not a customer of this tenant');
}

/** A tenant default category (any rule), or the rule's own customer's category; never a merged one. */
async function requireCategory(em: EntityManager, tenantId: string, categoryId: string, customerId: string | null): Promise<void> {
  const [category] = await rows<{ user_id: string | null; merged_into_id: string | null }>(
    em,
    `SELECT user_id, merged_into_id FROM categories WHERE tenant_id = $1 AND id = $2`,
    [tenantId, categoryId],
  );
  if (!category) throw unprocessable('categoryId is not a category of this tenant');
  if (category.user_id && category.user_id !== customerId) {
    throw unprocessable(
      customerId
        ? "categoryId is another customer's own category"
        : "categoryId is a customer's own category: give that customer's customerId, or use a default category",
    );
  }
  if (category.merged_into_id) {
    throw unprocessable(`categoryId was merged into category ${category.merged_into_id}; use that one`, { mergedIntoId: category.merged_into_id });
  }
}

function toView(r: RuleRow): SuppressionRuleDto {
  return {
    id: r.id,
    customerId: r.customer_id,
    customer: r.customer_id ? { id: r.customer_id, displayName: r.customer_name ?? '' } : null,
    findingType: r.finding_type,
    merchant: r.merchant,
    categoryId: r.category_id,
    category: r.category_id ? { id: r.category_id, name: r.category_name ?? '' } : null,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at ? r.expires_at.toISOString() : null,
    active: r.active,
  };
}
