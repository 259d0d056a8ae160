import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PAGE_DEFAULT_LIMIT } from '@spendguard/contracts';
import { conflict, invalid, notFound } from '@spendguard/server-core';
import { rows, TenantDb, TenantScope } from '@spendguard/server-data';
import { parseOccurred } from '../domain/dates';
import { normaliseDescription } from '../domain/duplicates';
import { checkExpenseAmount, checkExpenseInput, ExpenseDraft } from '../domain';
import { ensureCategoriesByName, requireCategory } from '../shared/category-store';
import {
  EXPENSE_COLUMNS,
  EXPENSE_FROM,
  ExpenseRow,
  insertExpenses,
  listExpenses,
  loadExpense,
  NewExpenseRow,
  snapshotSql,
  toExpenseView,
} from '../shared/expense-sql';
import { ExpenseEvents } from '../shared/expense-events';
import { loadTenantContext } from '../shared/tenant-context';
import type {
  BatchExpenseResultDto,
  CreateExpenseDto,
  ExpenseDto,
  ExpenseFiltersQueryDto,
  ExpenseListQueryDto,
  ExpensePageDto,
  ExpenseRevisionDto,
  UpdateExpenseDto,
} from './expenses.dto';

/** Whose expenses: the tenant, the customer who owns them, and who is acting (for revisions). */
export interface ExpenseOwner {
  tenantId: string;
  customerId: string;
  actorId: string;
}

@Injectable()
export class ExpensesService {
  constructor(
    private readonly db: TenantDb,
    private readonly events: ExpenseEvents,
  ) {}

  create(owner: ExpenseOwner, dto: CreateExpenseDto): Promise<ExpenseDto> {
    const amount = checkExpenseAmount(dto.amount, dto.refund === true);
    if (!amount.ok) throw invalid(amount.message);
    const occurred = parseOccurred(dto.occurredAt);
    if (!occurred.ok) throw invalid(occurred.message);
    if (dto.categoryId && dto.category) throw invalid('send either categoryId or category, not both');
    return this.db.tx(scopeOf(owner), async (em) => {
      const tenant = await loadTenantContext(em, owner.tenantId);
      const categoryId = await this.categoryFor(em, owner, dto.categoryId, dto.category);
      const [created] = await insertExpenses(
        em,
        { tenantId: owner.tenantId, userId: owner.customerId, actorId: owner.actorId, timezone: tenant.timezone },
        'manual',
        [
          {
            occurredOn: occurred.kind === 'date' ? occurred.date : null,
            instant: occurred.kind === 'instant' ? occurred.instant.toISOString() : null,
            localTime: null,
            amount: amount.value,
            currency: dto.currency ?? tenant.currency,
            description: normaliseDescription(dto.description),
            merchant: dto.merchant || null,
            categoryId,
            notes: dto.notes || null,
            externalId: null,
          },
        ],
      );
      await this.events.expensesCreated(em, { tenantId: owner.tenantId, customerId: owner.customerId, expenseIds: [created.id] });
      return toExpenseView((await loadExpense(em, owner.tenantId, owner.customerId, created.id)) as ExpenseRow);
    });
  }

  get(owner: ExpenseOwner, id: string): Promise<ExpenseDto> {
    return this.db.tx(scopeOf(owner), async (em) => {
      const row = await loadExpense(em, owner.tenantId, owner.customerId, id);
      if (!row) throw notFound('Expense');
      return toExpenseView(row);
    });
  }

  /**
   * Optimistic update: the row is locked, its version compared with the client's, and the change written with a
   * revision in the same transaction. A change that changes nothing writes nothing and keeps the version.
   */
  update(owner: ExpenseOwner, id: string, dto: UpdateExpenseDto): Promise<ExpenseDto> {
    if (dto.categoryId && dto.category) throw invalid('send either categoryId or category, not both');
    return this.db.tx(scopeOf(owner), async (em) => {
      const [current] = await rows<ExpenseRow & { snap: Record<string, unknown> }>(
        em,
        `SELECT ${EXPENSE_COLUMNS}, ${snapshotSql('e')} AS snap FROM ${EXPENSE_FROM}
          WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.id = $3 FOR UPDATE OF e`,
        [owner.tenantId, owner.customerId, id],
      );
      if (!current) throw notFound('Expense');
      if (current.version !== dto.version) {
        throw conflict(`The expense was changed meanwhile (now version ${current.version}); reload and retry`, {
          currentVersion: current.version,
        });
      }
      const tenant = await loadTenantContext(em, owner.tenantId);

      let occurredOn: string | null = current.occurred_on;
      let instant: string | null = current.occurred_at?.toISOString() ?? null;
      if (dto.occurredAt !== undefined) {
        const occurred = parseOccurred(dto.occurredAt);
        if (!occurred.ok) throw invalid(occurred.message);
        occurredOn = occurred.kind === 'date' ? occurred.date : null;
        instant = occurred.kind === 'instant' ? occurred.instant.toISOString() : null;
      }
      const wasRefund = current.amount.startsWith('-');
      const refund = dto.refund ?? wasRefund;
      let amount = current.amount;
      if (dto.amount !== undefined || dto.refund !== undefined) {
        const source = dto.amount ?? current.amount.replace(/^-/, '');
        const checked = checkExpenseAmount(source, refund);
        if (!checked.ok) throw invalid(checked.message);
        amount = checked.value;
      }
      let categoryId = current.category_id;
      if (dto.categoryId !== undefined || dto.category !== undefined) {
        categoryId = await this.categoryFor(em, owner, dto.categoryId, dto.category);
      }
      const pick = <T>(value: T | undefined, fallback: T) => (value === undefined ? fallback : value);
      const [updated] = await rows<{ after: Record<string, unknown> }>(
        em,
        `UPDATE expenses e
            SET occurred_on = n.occurred_on, occurred_at = n.occurred_at, amount = n.amount, currency = n.currency,
                description = n.description, merchant = n.merchant, category_id = n.category_id, notes = n.notes,
                version = e.version + 1, updated_at = now()
           FROM (SELECT coalesce($3::date, ($4::timestamptz AT TIME ZONE $5)::date) AS occurred_on, $4::timestamptz AS occurred_at,
                        $6::numeric AS amount, $7::char(3) AS currency, $8::text AS description, $9::text AS merchant,
                        $10::uuid AS category_id, $11::text AS notes) n
          WHERE e.tenant_id = $1 AND e.id = $2
            AND (e.occurred_on, e.occurred_at, e.amount, e.currency, e.description, e.merchant, e.category_id, e.notes)
                IS DISTINCT FROM (n.occurred_on, n.occurred_at, n.amount, n.currency, n.description, n.merchant, n.category_id, n.notes)
         RETURNING ${snapshotSql('e')} AS after`,
        [
          owner.tenantId,
          id,
          occurredOn,
          instant,
          tenant.timezone,
          amount,
          pick(dto.currency, current.currency),
          dto.description !== undefined ? normaliseDescription(dto.description) : current.description,
          dto.merchant !== undefined ? dto.merchant || null : current.merchant,
          categoryId,
          dto.notes !== undefined ? dto.notes || null : current.notes,
        ],
      );
      if (updated) {
        await rows(
          em,
          `INSERT INTO expense_revisions (tenant_id, expense_id, user_id, actor_id, action, before, after)
           VALUES ($1, $2, $3, $4, 'updated', $5, $6)`,
          [owner.tenantId, id, owner.customerId, owner.actorId, current.snap, updated.after],
        );
      }
      return toExpenseView((await loadExpense(em, owner.tenantId, owner.customerId, id)) as ExpenseRow);
    });
  }

  remove(owner: ExpenseOwner, id: string): Promise<void> {
    return this.db.tx(scopeOf(owner), async (em) => {
      const [gone] = await rows<{ before: Record<string, unknown> }>(
        em,
        `DELETE FROM expenses e WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.id = $3 RETURNING ${snapshotSql('e')} AS before`,
        [owner.tenantId, owner.customerId, id],
      );
      if (!gone) throw notFound('Expense');
      await rows(
        em,
        `INSERT INTO expense_revisions (tenant_id, expense_id, user_id, actor_id, action, before, after)
         VALUES ($1, $2, $3, $4, 'deleted', $5, NULL)`,
        [owner.tenantId, id, owner.customerId, owner.actorId, gone.before],
      );
    });
  }

  /** Every revision of one of the customer's expenses, oldest first (kept after a deletion). */
  history(owner: ExpenseOwner, id: string): Promise<ExpenseRevisionDto[]> {
    return this.db.tx(scopeOf(owner), async (em) => {
      // The stored revisions, or, for an expense that never changed, its creation derived from the row itself (the
      // database stores that revision when the expense first changes: migration ExpenseCreationOnDemand).
      const found = await rows<{ at: Date; actor_id: string | null; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
        em,
        `SELECT at, actor_id, action, before, after FROM (
           SELECT r.at, r.actor_id, r.action, r.before, r.after, r.id::text AS tiebreak FROM expense_revisions r
            WHERE r.tenant_id = $1 AND r.user_id = $2 AND r.expense_id = $3
           UNION ALL
           SELECT e.created_at, e.created_by, 'created', NULL, ${snapshotSql('e')}, '' FROM expenses e
            WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.id = $3
              AND NOT EXISTS (SELECT 1 FROM expense_revisions r WHERE r.tenant_id = $1 AND r.expense_id = $3)
         ) h ORDER BY at, tiebreak`,
        [owner.tenantId, owner.customerId, id],
      );
      if (!found.length) throw notFound('Expense');
      return found.map((r) => ({ at: r.at.toISOString(), actorId: r.actor_id, action: r.action, before: r.before, after: r.after }));
    });
  }

  list(owner: ExpenseOwner, query: ExpenseListQueryDto): Promise<ExpensePageDto> {
    return this.db.tx(scopeOf(owner), async (em) => {
      const page = await listExpenses(em, {
        tenantId: owner.tenantId,
        userId: owner.customerId,
        filters: query,
        sort: query.sort,
        limit: query.limit ?? PAGE_DEFAULT_LIMIT,
        cursor: query.cursor,
      });
      return { items: page.items, nextCursor: page.nextCursor, total: page.total ?? 0 };
    });
  }

  /**
   * Pages through the filtered list for the CSV export, each page in its own short transaction (a slow download
   * never holds a connection), following the keyset cursor.
   */
  async *exportPages(owner: ExpenseOwner, filters: ExpenseFiltersQueryDto, pageSize = 2000): AsyncGenerator<ExpenseDto[]> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.db.tx(scopeOf(owner), (em) =>
        listExpenses(em, { tenantId: owner.tenantId, userId: owner.customerId, filters, sort: filters.sort, limit: pageSize, cursor }, false),
      );
      if (page.items.length) yield page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /**
   * Idempotent batch ingestion: each item is checked on its own (failures are reported, not thrown), items whose
   * externalId the customer already has are duplicates, and everything valid is written in one transaction.
   */
  batch(owner: ExpenseOwner, items: unknown[]): Promise<BatchExpenseResultDto> {
    const failed: Array<{ index: number; message: string }> = [];
    const drafts: Array<{ index: number; draft: ExpenseDraft }> = [];
    const duplicateIndexes: number[] = [];
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const checked = checkExpenseInput(item, { requireExternalId: true });
      if (!checked.ok) failed.push({ index, message: checked.message });
      else if (seen.has(checked.draft.externalId as string)) duplicateIndexes.push(index);
      else {
        seen.add(checked.draft.externalId as string);
        drafts.push({ index, draft: checked.draft });
      }
    });
    // No customer lock needed: the unique index on externalId makes concurrent batches idempotent (a second
    // insert of the same key waits for the first and then does nothing), and categories are created the same way.
    // (Two batches racing with the same new items may each see them as new and both look up or create their
    // categories by name; only the insert decides which one stores them.)
    return this.db.tx(scopeOf(owner), async (em) => {
      const tenant = await loadTenantContext(em, owner.tenantId);
      // Items sent before are duplicates before anything else is looked at: a re-sent batch must not recreate a
      // category the customer has renamed or merged away since, nor fail on a categoryId merged away since.
      const sentBefore = new Set(
        (
          await rows<{ external_id: string }>(
            em,
            `SELECT external_id FROM expenses WHERE tenant_id = $1 AND user_id = $2 AND external_id = ANY($3::text[])`,
            [owner.tenantId, owner.customerId, drafts.map((d) => d.draft.externalId)],
          )
        ).map((r) => r.external_id),
      );
      const fresh = drafts.filter(({ index, draft }) => {
        if (!sentBefore.has(draft.externalId as string)) return true;
        duplicateIndexes.push(index);
        return false;
      });
      const ids = [...new Set(fresh.map((d) => d.draft.categoryId).filter((id): id is string => !!id))];
      const known = new Set(
        ids.length
          ? (
              await rows<{ id: string }>(
                em,
                `SELECT id FROM categories WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND merged_into_id IS NULL
                   AND (user_id IS NULL OR user_id = $3)`,
                [owner.tenantId, ids, owner.customerId],
              )
            ).map((r) => r.id)
          : [],
      );
      const usable = fresh.filter(({ index, draft }) => {
        if (draft.categoryId && !known.has(draft.categoryId)) {
          failed.push({ index, message: 'categoryId does not refer to one of your categories' });
          return false;
        }
        return true;
      });
      const byName = await ensureCategoriesByName(
        em,
        owner.tenantId,
        owner.customerId,
        usable.map((d) => d.draft.categoryName).filter((n): n is string => !!n),
      );
      const inserted = await insertExpenses(
        em,
        { tenantId: owner.tenantId, userId: owner.customerId, actorId: owner.actorId, timezone: tenant.timezone },
        'api',
        usable.map(({ draft }) => toNewRow(draft, tenant.currency, byName)),
      );
      await this.events.expensesCreated(em, { tenantId: owner.tenantId, customerId: owner.customerId, expenseIds: inserted.map((r) => r.id) });
      const createdIds = new Set(inserted.map((r) => r.external_id));
      for (const { index, draft } of usable) if (!createdIds.has(draft.externalId)) duplicateIndexes.push(index);
      failed.sort((a, b) => a.index - b.index);
      duplicateIndexes.sort((a, b) => a - b);
      return { created: inserted.length, duplicates: duplicateIndexes.length, duplicateIndexes, failed };
    });
  }

  private async categoryFor(
    em: EntityManager,
    owner: ExpenseOwner,
    categoryId: string | null | undefined,
    category: string | null | undefined,
  ): Promise<string | null> {
    if (categoryId) return (await requireCategory(em, owner.tenantId, owner.customerId, categoryId)).id;
    if (category) {
      const found = await ensureCategoriesByName(em, owner.tenantId, owner.customerId, [category]);
      return found.get(category.trim().replace(/\s+/g, ' ').toLowerCase())?.id ?? null;
    }
    return null;
  }
}

function toNewRow(draft: ExpenseDraft, baseCurrency: string, byName: Map<string, { id: string }>): NewExpenseRow {
  return {
    occurredOn: draft.occurred.kind === 'date' ? draft.occurred.date : null,
    instant: draft.occurred.kind === 'instant' ? draft.occurred.instant.toISOString() : null,
    localTime: null,
    amount: draft.amount,
    currency: draft.currency ?? baseCurrency,
    description: draft.description,
    merchant: draft.merchant,
    categoryId: draft.categoryId ?? (draft.categoryName ? (byName.get(draft.categoryName.toLowerCase())?.id ?? null) : null),
    notes: draft.notes,
    externalId: draft.externalId,
  };
}

function scopeOf(owner: ExpenseOwner): TenantScope {
  return { tenantId: owner.tenantId, userId: owner.actorId };
}
