import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict, forbidden, notFound, unprocessable } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import type { AuthUser } from '@spendguard/server-auth';
import { CategoryRow, findVisibleCategory, toCategoryView, visibleCategories } from '../shared/category-store';
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
   * another live category, then retires the source. Budgets for a period the target already has are added to it.
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
      const added = await rows<{ id: string }>(
        em,
        `UPDATE budgets t SET amount = t.amount + s.amount, updated_at = now()
           FROM budgets s
          WHERE t.tenant_id = $1 AND t.user_id = $2 AND t.category_id = $4
            AND s.tenant_id = $1 AND s.user_id = $2 AND s.category_id = $3
            AND t.month IS NOT DISTINCT FROM s.month
         RETURNING s.id`,
        [user.tenantId, user.userId, source.id, target.id],
      );
      if (added.length) {
        await rows(em, `DELETE FROM budgets WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [user.tenantId, added.map((b) => b.id)]);
      }
      const repointed = await rows<{ id: string }>(
        em,
        `UPDATE budgets SET category_id = $4, updated_at = now()
          WHERE tenant_id = $1 AND user_id = $2 AND category_id = $3 RETURNING id`,
        [user.tenantId, user.userId, source.id, target.id],
      );
      await rows(em, `UPDATE categories SET merged_into_id = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [
        user.tenantId,
        source.id,
        target.id,
      ]);
      return { into: toCategoryView(target), movedExpenses: moved.length, movedBudgets: added.length + repointed.length };
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

function scopeOf(user: AuthUser) {
  return { tenantId: user.tenantId, userId: user.userId };
}
