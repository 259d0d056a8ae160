import { Inject, Injectable } from '@nestjs/common';
import { invalid, notFound } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import { monthInfo, todayIn } from '../domain/dates';
import { formatCents, parseMoney, toCents } from '../domain/money';
import { requireCategory } from '../shared/category-store';
import { loadTenantContext } from '../shared/tenant-context';
import type { ExpenseOwner } from '../expenses/expenses.service';
import type { BudgetDto, BudgetStatusDto, PutBudgetDto } from './budgets.dto';
import { BUDGET_PROJECTION, BudgetProjectionProvider, CategoryProjection } from './projection.provider';

interface BudgetRow {
  id: string;
  category_id: string;
  category: string;
  month: string | null;
  amount: string;
}

const BUDGET_COLUMNS = `b.id, b.category_id, c.name AS category, to_char(b.month, 'YYYY-MM') AS month, b.amount::text AS amount`;

@Injectable()
export class BudgetsService {
  constructor(
    private readonly db: TenantDb,
    @Inject(BUDGET_PROJECTION) private readonly projection: BudgetProjectionProvider,
  ) {}

  /** Sets the recurring budget of a category (no month) or the override for one month; the same call again updates it. */
  put(owner: ExpenseOwner, dto: PutBudgetDto): Promise<BudgetDto> {
    const amount = parseMoney(dto.amount);
    if (!amount.ok) throw invalid(amount.message);
    const month = dto.month ? `${dto.month}-01` : null;
    return this.db.tx({ tenantId: owner.tenantId, userId: owner.actorId }, async (em) => {
      const category = await requireCategory(em, owner.tenantId, owner.customerId, dto.categoryId);
      const tenant = await loadTenantContext(em, owner.tenantId);
      const conflictTarget = month
        ? `(tenant_id, user_id, category_id, month) WHERE month IS NOT NULL`
        : `(tenant_id, user_id, category_id) WHERE month IS NULL`;
      const [row] = await rows<{ id: string }>(
        em,
        `INSERT INTO budgets (tenant_id, user_id, category_id, month, amount) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ${conflictTarget} DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()
         RETURNING id`,
        [owner.tenantId, owner.customerId, category.id, month, amount.value],
      );
      const [saved] = await rows<BudgetRow>(
        em,
        `SELECT ${BUDGET_COLUMNS} FROM budgets b JOIN categories c ON c.tenant_id = b.tenant_id AND c.id = b.category_id
          WHERE b.tenant_id = $1 AND b.id = $2`,
        [owner.tenantId, row.id],
      );
      return toView(saved, tenant.currency);
    });
  }

  /** The recurring budgets plus the overrides of `month` (all overrides without a month). */
  list(owner: ExpenseOwner, month?: string): Promise<BudgetDto[]> {
    return this.db.tx({ tenantId: owner.tenantId, userId: owner.actorId }, async (em) => {
      const tenant = await loadTenantContext(em, owner.tenantId);
      const found = await rows<BudgetRow>(
        em,
        `SELECT ${BUDGET_COLUMNS} FROM budgets b JOIN categories c ON c.tenant_id = b.tenant_id AND c.id = b.category_id
          WHERE b.tenant_id = $1 AND b.user_id = $2 AND ($3::date IS NULL OR b.month IS NULL OR b.month = $3::date)
          ORDER BY lower(c.name), b.month NULLS FIRST`,
        [owner.tenantId, owner.customerId, month ? `${month}-01` : null],
      );
      return found.map((r) => toView(r, tenant.currency));
    });
  }

  remove(owner: ExpenseOwner, id: string): Promise<void> {
    return this.db.tx({ tenantId: owner.tenantId, userId: owner.actorId }, async (em) => {
      const gone = await rows(em, `DELETE FROM budgets WHERE tenant_id = $1 AND user_id = $2 AND id = $3 RETURNING id`, [
        owner.tenantId,
        owner.customerId,
        id,
      ]);
      if (!gone.length) throw notFound('Budget');
    });
  }

  /**
   * Budget against spending for one month, in the tenant's base currency: expenses in other currencies are
   * converted with the admin's monthly rate for that month (or the latest earlier one); currencies without any
   * rate are left out and listed in `missingRates`.
   */
  status(owner: ExpenseOwner, month?: string): Promise<BudgetStatusDto> {
    return this.db.tx({ tenantId: owner.tenantId, userId: owner.actorId }, async (em) => {
      const tenant = await loadTenantContext(em, owner.tenantId);
      const today = todayIn(tenant.timezone);
      const info = monthInfo(month ?? today.slice(0, 7));
      // days elapsed include today; days left include today as well
      let daysElapsed: number;
      let daysLeft: number;
      if (today > info.last) [daysElapsed, daysLeft] = [info.days, 0];
      else if (today < info.first) [daysElapsed, daysLeft] = [0, info.days];
      else {
        const day = Number(today.slice(8, 10));
        [daysElapsed, daysLeft] = [day, info.days - day + 1];
      }
      const budgets = await rows<{ category_id: string; category: string; amount: string }>(
        em,
        `SELECT DISTINCT ON (b.category_id) b.category_id, c.name AS category, b.amount::text AS amount
           FROM budgets b JOIN categories c ON c.tenant_id = b.tenant_id AND c.id = b.category_id
          WHERE b.tenant_id = $1 AND b.user_id = $2 AND (b.month IS NULL OR b.month = $3::date)
          ORDER BY b.category_id, b.month NULLS LAST`,
        [owner.tenantId, owner.customerId, info.first],
      );
      const daily = await rows<{ category_id: string; day: number; spent: string | null; missing: string[] | null }>(
        em,
        `SELECT e.category_id, extract(day FROM e.occurred_on)::int AS day,
                sum(e.amount * CASE WHEN e.currency = $5 THEN 1 ELSE r.rate END)::text AS spent,
                array_agg(DISTINCT e.currency) FILTER (WHERE e.currency <> $5 AND r.rate IS NULL) AS missing
           FROM expenses e
           -- the latest monthly rate at or before the expense's month: the rule the analysis uses too (app_fx_rate)
           LEFT JOIN LATERAL (SELECT app_fx_rate(e.tenant_id, e.currency, e.occurred_on) AS rate) r ON e.currency <> $5
          WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.occurred_on BETWEEN $3::date AND $4::date
            AND e.category_id = ANY($6::uuid[])
          GROUP BY 1, 2`,
        [owner.tenantId, owner.customerId, info.first, info.last, tenant.currency, budgets.map((b) => b.category_id)],
      );
      const perCategory = new Map<string, { spent: bigint; days: number[] }>();
      const missing = new Set<string>();
      for (const d of daily) {
        const entry = perCategory.get(d.category_id) ?? { spent: 0n, days: new Array<number>(info.days).fill(0) };
        const cents = d.spent === null ? 0n : toCents(d.spent);
        entry.spent += cents;
        entry.days[d.day - 1] += Number(cents);
        perCategory.set(d.category_id, entry);
        for (const c of d.missing ?? []) missing.add(c);
      }
      const projections = await this.projection.project({
        scope: { tenantId: owner.tenantId, userId: owner.actorId },
        customerId: owner.customerId,
        month: info.month,
        daysInMonth: info.days,
        daysElapsed,
        categories: budgets.map((b) => ({
          categoryId: b.category_id,
          spentCents: perCategory.get(b.category_id)?.spent ?? 0n,
          dailyCents: perCategory.get(b.category_id)?.days ?? new Array<number>(info.days).fill(0),
        })),
      });
      const items = budgets
        .map((b) => {
          const budget = toCents(b.amount);
          const spent = perCategory.get(b.category_id)?.spent ?? 0n;
          const p = projections.get(b.category_id);
          return {
            categoryId: b.category_id,
            category: b.category,
            budget: formatCents(budget),
            spent: formatCents(spent),
            remaining: formatCents(budget - spent),
            // basis points as an exact integer, then one decimal
            percentUsed: budget === 0n ? null : Number((spent * 1000n + (spent >= 0n ? budget / 2n : -budget / 2n)) / budget) / 10,
            projected: p?.projected ?? null,
            projectedLow: p?.projectedLow ?? null,
            projectedHigh: p?.projectedHigh ?? null,
          };
        })
        .sort((a, b) => a.category.localeCompare(b.category));
      return {
        month: info.month,
        currency: tenant.currency,
        daysInMonth: info.days,
        daysElapsed,
        daysLeft,
        // a forecast provider may fall back to the pace projection for some months or categories
        projectionMethod: methodOf(projections.values(), this.projection.method),
        items,
        missingRates: [...missing].sort().map((currency) => ({ currency, month: info.month })),
      };
    });
  }
}

function toView(row: BudgetRow, currency: string): BudgetDto {
  return {
    id: row.id,
    categoryId: row.category_id,
    category: row.category,
    month: row.month,
    amount: formatCents(toCents(row.amount)),
    currency,
  };
}

/** The method behind a status: the forecast when any category used it, else what the projections say. */
function methodOf(projections: Iterable<CategoryProjection>, providerMethod: string): string {
  const used = new Set([...projections].map((p) => p.method ?? providerMethod));
  return used.has('forecast') ? 'forecast' : ([...used][0] ?? providerMethod);
}
