import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PAGE_DEFAULT_LIMIT } from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { decodeCursor, encodeCursor, invalid, notFound } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import { ConsentService } from '../consent/consent.service';
import type { ExpenseListQueryDto, ExpensePageDto } from '../expenses/expenses.dto';
import { listExpenses } from '../shared/expense-sql';
import type { OperatorCustomerDetailDto, OperatorCustomerDto, OperatorCustomerPageDto, OperatorCustomerQueryDto } from './operator.dto';

interface CustomerRow {
  id: string;
  display_name: string;
  email: string;
  consent: boolean;
  last_analysis_at: Date | null;
  open_findings: number;
  sort_key: string;
}

/** The tenant's customers as operators see them; read-only. */
@Injectable()
export class OperatorCustomersService {
  constructor(
    private readonly db: TenantDb,
    private readonly consent: ConsentService,
  ) {}

  list(operator: AuthUser, query: OperatorCustomerQueryDto): Promise<OperatorCustomerPageDto> {
    const limit = query.limit ?? PAGE_DEFAULT_LIMIT;
    const where = [`u.tenant_id = $1`, `u.role = 'customer'`];
    const params: unknown[] = [operator.tenantId];
    if (query.q) {
      params.push(`%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(lower(u.display_name) LIKE $${params.length} OR u.email LIKE $${params.length})`);
    }
    if (query.consent) where.push(query.consent === 'true' ? `coalesce(c.analysis_granted, false)` : `NOT coalesce(c.analysis_granted, false)`);
    const countWhere = [...where];
    const countParams = [...params];
    if (query.cursor) {
      const [key, id] = decodeCursor(query.cursor, 2);
      if (typeof key !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
        throw invalid('cursor is not valid; pass the nextCursor of the previous page');
      }
      params.push(key, id);
      where.push(`(lower(u.display_name), u.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const from = `users u LEFT JOIN consents c ON c.tenant_id = u.tenant_id AND c.user_id = u.id`;
    return this.db.tx({ tenantId: operator.tenantId, userId: operator.userId }, async (em) => {
      const found = await rows<CustomerRow>(
        em,
        `SELECT u.id, u.display_name, u.email, coalesce(c.analysis_granted, false) AS consent, lower(u.display_name) AS sort_key,
              (SELECT max(r.finished_at) FROM analysis_runs r WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id AND r.status = 'succeeded') AS last_analysis_at,
              (SELECT count(*)::int FROM findings f WHERE f.tenant_id = u.tenant_id AND f.user_id = u.id
                  AND f.status IN ('pending', 'in_review', 'pending_second_review', 'snoozed')) AS open_findings
           FROM ${from} WHERE ${where.join(' AND ')}
          ORDER BY lower(u.display_name), u.id LIMIT $${params.length}`,
        params,
      );
      const [{ total }] = await rows<{ total: number }>(em, `SELECT count(*)::int AS total FROM ${from} WHERE ${countWhere.join(' AND ')}`, countParams);
      const page = found.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toView),
        nextCursor: found.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null,
        total,
      };
    });
  }

  get(operator: AuthUser, customerId: string): Promise<OperatorCustomerDetailDto> {
    return this.db.tx({ tenantId: operator.tenantId, userId: operator.userId }, async (em) => {
      const customer = await this.customer(em, operator.tenantId, customerId);
      const consent = await this.consent.load(em, operator.tenantId, customerId);
      const [stats] = await rows<{ count: number; first_on: string | null; last_on: string | null }>(
        em,
        `SELECT count(*)::int AS count, min(occurred_on)::text AS first_on, max(occurred_on)::text AS last_on
           FROM expenses WHERE tenant_id = $1 AND user_id = $2`,
        [operator.tenantId, customerId],
      );
      return {
        ...toView(customer),
        createdAt: customer.created_at.toISOString(),
        consentState: consent.analysis,
        consentHistory: consent.history,
        expenses: { count: stats.count, firstOn: stats.first_on, lastOn: stats.last_on },
      };
    });
  }

  expenses(operator: AuthUser, customerId: string, query: ExpenseListQueryDto): Promise<ExpensePageDto> {
    return this.db.tx({ tenantId: operator.tenantId, userId: operator.userId }, async (em) => {
      await this.customer(em, operator.tenantId, customerId);
      const page = await listExpenses(em, {
        tenantId: operator.tenantId,
        userId: customerId,
        filters: query,
        sort: query.sort,
        limit: query.limit ?? PAGE_DEFAULT_LIMIT,
        cursor: query.cursor,
      });
      return { items: page.items, nextCursor: page.nextCursor, total: page.total ?? 0 };
    });
  }

  private async customer(em: EntityManager, tenantId: string, id: string): Promise<CustomerRow & { created_at: Date }> {
    const [row] = await rows<CustomerRow & { created_at: Date }>(
      em,
      `SELECT u.id, u.display_name, u.email, coalesce(c.analysis_granted, false) AS consent, lower(u.display_name) AS sort_key, u.created_at,
              (SELECT max(r.finished_at) FROM analysis_runs r WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id AND r.status = 'succeeded') AS last_analysis_at,
              (SELECT count(*)::int FROM findings f WHERE f.tenant_id = u.tenant_id AND f.user_id = u.id
                  AND f.status IN ('pending', 'in_review', 'pending_second_review', 'snoozed')) AS open_findings
         FROM users u LEFT JOIN consents c ON c.tenant_id = u.tenant_id AND c.user_id = u.id
        WHERE u.tenant_id = $1 AND u.id = $2 AND u.role = 'customer'`,
      [tenantId, id],
    );
    if (!row) throw notFound('Customer');
    return row;
  }
}

function toView(row: CustomerRow): OperatorCustomerDto {
  // analysis runs and findings arrive with the analysis issue; until then there are none
  return { id: row.id, displayName: row.display_name, email: row.email, consent: row.consent, lastAnalysisAt: row.last_analysis_at?.toISOString() ?? null, openFindings: row.open_findings };
}
