import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict, forbidden, notFound, unprocessable } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import type { AuthUser } from '@spendguard/server-auth';
import { CategoryRow, findVisibleCategory, toCategoryView, visibleCategories } from '../shared/category-store';
import { formatCents, MAX_INTEGER_DIGITS, toCents } from '../domain/money';
import { snapshotSql } from '../shared/expense-sql';
import { lockCustomer } from '../shared/tenant-context';
import type { CategoryDto, MergeCategoryResultDto } from './categories.dto';

@Injectable()
export class CategoriesService {
  constructor(private readonly db: TenantDb) {}

  /** Defaults plus, for a customer, their own categories. */
  list(user: AuthUser): Promise<CategoryDto[]> {
    return this.db.tx(scopeOf(user), async (em) =>
      (await visibleCategories(em, user.tenantId, user.role === 'customer' ? user.userId : null)).map(toCategoryView),
    );
  }

  create(user: AuthUser, name: string): Promise<CategoryDto> {
    return this.db.tx(scopeOf(user), async (em) => {
      await lockCustomer(em, user.tenantId, user.userId);
      await this.assertNameFree(em, user, name, null);
      const [row] = await rows<CategoryRow>(
        em,
        `INSERT INTO categories (tenant_id, user_id, name, is_default) VALUES ($1, $2, $3, false)
         RETURNING id, name, user_id, is_default`,
        [user.tenantId, user.userId, name],
      );
      return toCategoryView(row);
    });
  }

  rename(user: AuthUser, id: string, name: string): Promise<CategoryDto> {
    return this.db.tx(scopeOf(user), async (em) => {
      await lockCustomer(em, user.tenantId, user.userId);
      const category = await this.ownCategory(em, user, id, 'renamed');
      await this.assertNameFree(em, user, name, category.id);
      const [row] = await rows<CategoryRow>(
        em,
        `UPDATE categories SET name = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2
         RETURNING id, name, user_id, is_default`,
        [user.tenantId, id, name],
      );
      return toCategoryView(row);
    });
  }

  /**
   * Moves the customer's expenses (each with a revision) and budgets from one of their own categories into
   * another live category, then retires the source. Budgets combine so that every month's budget of the target
   * is what both categories had together for that month (see mergeBudgets).
   */
  merge(user: AuthUser, id: string, intoId: string): Promise<MergeCategoryResultDto> {
    return this.db.tx(scopeOf(user), async (em) => {
      await lockCustomer(em, user.tenantId, user.userId);
      const source = await this.ownCategory(em, user, id, 'merged away');
      if (intoId.toLowerCase() === source.id) throw unprocessable('A category cannot be merged into itself');
      const target = await findVisibleCategory(em, user.tenantId, user.userId, intoId);
      if (!target) throw unprocessable('intoId does not refer to one of your categories');

      const moved = await rows<{ id: string }>(
        em,
        `WITH before AS (
           SELECT e.id, ${snapshotSql('e')} AS snap FROM expenses e
            WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.category_id = $3 FOR UPDATE
         ), moved AS (
           UPDATE expenses e SET category_id = $4, version = e.version + 1, updated_at = now()
             FROM before WHERE e.tenant_id = $1 AND e.id = before.id
           RETURNING e.*
         ), rev AS (
           INSERT INTO expense_revisions (tenant_id, expense_id, user_id, actor_id, action, before, after)
           SELECT moved.tenant_id, moved.id, moved.user_id, $2, 'category_merged', before.snap, ${snapshotSql('moved')}
             FROM moved JOIN before ON before.id = moved.id
         )
         SELECT id FROM moved`,
        [user.tenantId, user.userId, source.id, target.id],
      );
      const movedBudgets = await mergeBudgets(em, user, source.id, target.id);
      await rows(em, `UPDATE categories SET merged_into_id = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [
        user.tenantId,
        source.id,
        target.id,
      ]);
      return { into: toCategoryView(target), movedExpenses: moved.length, movedBudgets };
    });
  }

  private async ownCategory(em: EntityManager, user: AuthUser, id: string, verb: string): Promise<CategoryRow> {
    const category = await findVisibleCategory(em, user.tenantId, user.userId, id);
    if (!category) throw notFound('Category');
    if (category.user_id === null) throw forbidden(`Default categories are shared by everyone in the tenant and cannot be ${verb}`);
    return category;
  }

  private async assertNameFree(em: EntityManager, user: AuthUser, name: string, except: string | null): Promise<void> {
    const clash = (await visibleCategories(em, user.tenantId, user.userId)).find(
      (c) => c.name.toLowerCase() === name.toLowerCase() && c.id !== except,
    );
    if (clash) throw conflict(`A category named "${clash.name}" already exists`, { categoryId: clash.id });
  }
}

interface BudgetAmountRow {
  category_id: string;
  month: string | null;
  amount: string;
}

/**
 * Combines the source's budgets into the target's and deletes the source's (rows locked, same transaction).
 * The recurring budgets add up; for every month either category overrides, the target's override becomes the
 * target's effective budget for that month plus the source's (an override, else the recurring budget, else 0), so
 * no month loses either side's amount. Returns how many budgets the source had.
 */
async function mergeBudgets(em: EntityManager, user: AuthUser, sourceId: string, targetId: string): Promise<number> {
  const found = await rows<BudgetAmountRow>(
    em,
    `SELECT category_id, to_char(month, 'YYYY-MM-DD') AS month, amount::text AS amount FROM budgets
      WHERE tenant_id = $1 AND user_id = $2 AND category_id = ANY($3::uuid[]) FOR UPDATE`,
    [user.tenantId, user.userId, [sourceId, targetId]],
  );
  const side = (categoryId: string) => {
    const mine = found.filter((b) => b.category_id === categoryId);
    const recurring = mine.find((b) => b.month === null);
    return {
      count: mine.length,
      recurring: recurring ? toCents(recurring.amount) : null,
      months: new Map(mine.filter((b) => b.month !== null).map((b) => [b.month as string, toCents(b.amount)])),
    };
  };
  const source = side(sourceId);
  if (!source.count) return 0;
  const target = side(targetId);
  const effective = (s: ReturnType<typeof side>, month: string) => s.months.get(month) ?? s.recurring ?? 0n;

  const months = [...new Set([...source.months.keys(), ...target.months.keys()])].sort();
  const sums = months.map((month) => effective(target, month) + effective(source, month));
  const recurring = source.recurring === null ? target.recurring : (target.recurring ?? 0n) + source.recurring;
  if ([...sums, recurring ?? 0n].some((cents) => cents > MAX_BUDGET_CENTS)) {
    throw unprocessable('The merged budgets would exceed the largest amount a budget can hold');
  }

  await rows(em, `DELETE FROM budgets WHERE tenant_id = $1 AND user_id = $2 AND category_id = $3`, [user.tenantId, user.userId, sourceId]);
  if (recurring !== null && recurring !== target.recurring) {
    await rows(
      em,
      `INSERT INTO budgets (tenant_id, user_id, category_id, month, amount) VALUES ($1, $2, $3, NULL, $4)
       ON CONFLICT (tenant_id, user_id, category_id) WHERE month IS NULL DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()`,
      [user.tenantId, user.userId, targetId, formatCents(recurring)],
    );
  }
  const changed = months.map((month, i) => ({ month, cents: sums[i] })).filter((m) => target.months.get(m.month) !== m.cents);
  if (changed.length) {
    await rows(
      em,
      `INSERT INTO budgets (tenant_id, user_id, category_id, month, amount)
       SELECT $1, $2, $3, m.month, m.amount FROM unnest($4::date[], $5::numeric[]) AS m(month, amount)
       ON CONFLICT (tenant_id, user_id, category_id, month) WHERE month IS NOT NULL
       DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()`,
      [user.tenantId, user.userId, targetId, changed.map((m) => m.month), changed.map((m) => formatCents(m.cents))],
    );
  }
  return source.count;
}

/** NUMERIC(14,2): at most 12 digits before the decimal point. */
const MAX_BUDGET_CENTS = 10n ** BigInt(MAX_INTEGER_DIGITS + 2) - 1n;

function scopeOf(user: AuthUser) {
  return { tenantId: user.tenantId, userId: user.userId };
}
