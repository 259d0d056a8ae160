import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CsvImportPreviewRow } from '@spendguard/contracts';
import { invalid, unprocessable } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import { CsvSyntaxError, decodeCsv } from '../domain/csv-dialect';
import { CsvMappingError, CsvRow, interpretCsv, parseMappingInput } from '../domain/csv-rows';
import { instantOfLocal } from '../domain/dates';
import { duplicateKey } from '../domain/duplicates';
import { ensureCategoriesByName, visibleCategories } from '../shared/category-store';
import { ExpenseEvents } from '../shared/expense-events';
import { insertExpenses } from '../shared/expense-sql';
import { loadTenantContext, lockCustomer, TenantContext } from '../shared/tenant-context';
import type { ExpenseOwner } from '../expenses/expenses.service';
import type { CsvImportResultDto } from './import.dto';

export interface CsvImportOptions {
  mapping?: string;
  dryRun: boolean;
  skipInvalid: boolean;
}

const MAX_ERRORS = 1000;
const PREVIEW_ROWS = 20;
const INSERT_CHUNK = 5000;
const DEDUPE_CHUNK = 20000;

@Injectable()
export class CsvImportService {
  constructor(
    private readonly db: TenantDb,
    private readonly events: ExpenseEvents,
  ) {}

  /**
   * Reads a bank or app CSV export and, unless it is a dry run, adds its new expenses in one transaction.
   * Rows equal to an existing expense or to an earlier row (date, amount, description) are duplicates and
   * never added twice; with invalid rows nothing is committed unless `skipInvalid`.
   */
  async importCsv(owner: ExpenseOwner, file: Buffer, options: CsvImportOptions): Promise<CsvImportResultDto> {
    const mappingInput = parseMappingInput(options.mapping);
    if (!mappingInput.ok) throw invalid(mappingInput.message);
    if (file.includes(0)) throw invalid('The file is not a text CSV (it contains binary data)');
    const { text } = decodeCsv(file);

    return this.db.tx({ tenantId: owner.tenantId, userId: owner.actorId }, async (em) => {
      if (!options.dryRun) await lockCustomer(em, owner.tenantId, owner.customerId);
      const tenant = await loadTenantContext(em, owner.tenantId);
      let parsed;
      try {
        parsed = interpretCsv(text, mappingInput.mapping, { locale: tenant.locale });
      } catch (error) {
        if (error instanceof CsvSyntaxError) throw invalid(error.message);
        if (error instanceof CsvMappingError) throw unprocessable(error.message);
        throw error;
      }
      const defaultCurrency = mappingInput.mapping.defaultCurrency ?? tenant.currency;
      const rowsToCheck = parsed.expenses;

      // duplicates inside the file, then against what the customer already has
      const duplicate = new Array<boolean>(rowsToCheck.length).fill(false);
      const seen = new Set<string>();
      rowsToCheck.forEach((r, i) => {
        const key = duplicateKey(r.occurredOn, r.amount, r.description);
        if (seen.has(key)) duplicate[i] = true;
        else seen.add(key);
      });
      const firstSeen = rowsToCheck.map((_, i) => i).filter((i) => !duplicate[i]);
      for (const i of await this.existing(em, owner, firstSeen.map((i) => rowsToCheck[i]))) duplicate[firstSeen[i]] = true;

      const fresh = rowsToCheck.filter((_, i) => !duplicate[i]);
      const known = new Set((await visibleCategories(em, owner.tenantId, owner.customerId)).map((c) => c.name.toLowerCase()));
      const newCategories = new Map<string, string>();
      for (const r of fresh) {
        if (r.category && !known.has(r.category.toLowerCase()) && !newCategories.has(r.category.toLowerCase())) {
          newCategories.set(r.category.toLowerCase(), r.category);
        }
      }

      const duplicates = duplicate.filter(Boolean).length;
      const report: CsvImportResultDto = {
        rows: parsed.rows,
        valid: rowsToCheck.length,
        invalid: parsed.errors.length,
        duplicates,
        skipped: parsed.skipped,
        created: 0,
        committed: false,
        dryRun: options.dryRun,
        errors: parsed.errors.slice(0, MAX_ERRORS),
        preview: rowsToCheck.slice(0, PREVIEW_ROWS).map((r, i) => preview(r, duplicate[i], defaultCurrency, tenant)),
        newCategories: [...newCategories.values()],
        mapping: parsed.mapping,
      };
      if (options.dryRun) return report;
      if (parsed.errors.length && !options.skipInvalid) {
        throw unprocessable(
          `${parsed.errors.length} row${parsed.errors.length > 1 ? 's are' : ' is'} invalid, so nothing was imported: fix ${parsed.errors.length > 1 ? 'them' : 'it'} or send skipInvalid=true`,
          { ...report },
        );
      }

      const categories = await ensureCategoriesByName(
        em,
        owner.tenantId,
        owner.customerId,
        fresh.map((r) => r.category).filter((c): c is string => !!c),
      );
      let created = 0;
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const chunk = fresh.slice(i, i + INSERT_CHUNK);
        const inserted = await insertExpenses(
          em,
          { tenantId: owner.tenantId, userId: owner.customerId, actorId: owner.actorId, timezone: tenant.timezone },
          'import',
          chunk.map((r) => ({
            occurredOn: r.occurredOn,
            instant: null,
            localTime: r.localTime,
            amount: r.amount,
            currency: r.currency ?? defaultCurrency,
            description: r.description,
            merchant: r.merchant,
            categoryId: r.category ? (categories.get(r.category.toLowerCase())?.id ?? null) : null,
            notes: null,
            externalId: null,
          })),
        );
        created += inserted.length;
        // as for expenses added through the API: listeners (real-time scoring) enqueue in this transaction, so
        // their work exists exactly when the import commits; one event per chunk keeps each job's payload bounded
        await this.events.expensesCreated(em, { tenantId: owner.tenantId, customerId: owner.customerId, expenseIds: inserted.map((r) => r.id) });
      }
      return { ...report, created, committed: true };
    });
  }

  /** Indexes (into `candidates`) of rows that match an expense the customer already has. */
  private async existing(em: EntityManager, owner: ExpenseOwner, candidates: CsvRow[]): Promise<number[]> {
    const found: number[] = [];
    if (!candidates.length) return found;
    // nothing in the file's date range yet (a first import): no row can be a duplicate
    let first = candidates[0].occurredOn;
    let last = first;
    for (const r of candidates) {
      if (r.occurredOn < first) first = r.occurredOn;
      if (r.occurredOn > last) last = r.occurredOn;
    }
    const [{ any }] = await rows<{ any: boolean }>(
      em,
      `SELECT EXISTS (SELECT 1 FROM expenses WHERE tenant_id = $1 AND user_id = $2 AND occurred_on BETWEEN $3::date AND $4::date) AS any`,
      [owner.tenantId, owner.customerId, first, last],
    );
    if (!any) return found;
    for (let start = 0; start < candidates.length; start += DEDUPE_CHUNK) {
      const chunk = candidates.slice(start, start + DEDUPE_CHUNK);
      const hits = await rows<{ i: string }>(
        em,
        `SELECT d.i FROM unnest($3::date[], $4::numeric[], $5::text[]) WITH ORDINALITY AS d(on_date, amount, description, i)
          WHERE EXISTS (SELECT 1 FROM expenses e
                         WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.occurred_on = d.on_date
                           AND e.amount = d.amount AND lower(e.description) = lower(d.description))`,
        [owner.tenantId, owner.customerId, chunk.map((r) => r.occurredOn), chunk.map((r) => r.amount), chunk.map((r) => r.description)],
      );
      for (const h of hits) found.push(start + Number(h.i) - 1);
    }
    return found;
  }
}

function preview(r: CsvRow, duplicate: boolean, defaultCurrency: string, tenant: TenantContext): CsvImportPreviewRow {
  const [date, time] = r.localTime ? r.localTime.split(' ') : [r.occurredOn, null];
  return {
    line: r.line,
    occurredOn: r.occurredOn,
    occurredAt: time ? instantOfLocal(date, time, tenant.timezone).toISOString() : r.occurredOn,
    amount: r.amount,
    currency: r.currency ?? defaultCurrency,
    description: r.description,
    merchant: r.merchant,
    category: r.category,
    duplicate,
  };
}
