/**
 * From CSV text to expense rows: dialect and mapping detection, then one pass over the records that turns each
 * into an expense, a skipped credit/transfer, or a row error with its line number. No I/O, no database.
 */
import type { CsvImportMapping } from '@spendguard/contracts';
import { isIsoCurrency as isCurrencyCode } from './currency';
import { CsvRecord, Delimiter, DELIMITERS, detectDelimiter, readCsvRecords } from './csv-dialect';
import { classifyType, resolveMapping, ResolvedMapping } from './csv-mapping';
import { DATE_FORMATS, DateFormat, detectDateFormat, isDateFormat, parseCsvDate, parseTimeOfDay } from './dates';
import { normaliseDescription } from './duplicates';
import { LIMITS } from './expense-input';
import { detectDecimalSeparator, formatCents, parseLocaleAmount } from './money';

export interface CsvRow {
  line: number;
  occurredOn: string;
  /** Local wall-clock timestamp `YYYY-MM-DD HH:MM:SS` when the file has a time of day. */
  localTime: string | null;
  /** Signed, two decimals (negative: refund). */
  amount: string;
  /** null: the default currency. */
  currency: string | null;
  description: string;
  merchant: string | null;
  category: string | null;
}

export interface CsvInterpretation {
  rows: number;
  expenses: CsvRow[];
  skipped: number;
  errors: Array<{ line: number; message: string }>;
  mapping: CsvImportMapping;
}

export class CsvMappingError extends Error {}

const MAPPING_KEYS = new Set<keyof CsvImportMapping>([
  'date', 'time', 'description', 'merchant', 'amount', 'debit', 'credit', 'type', 'category', 'currency',
  'dateFormat', 'decimal', 'delimiter', 'amountSign', 'refunds', 'defaultCurrency',
]);
const COLUMN_KEYS = ['date', 'time', 'merchant', 'amount', 'debit', 'credit', 'type', 'category', 'currency'] as const;

/** Checks the `mapping` form field (JSON). */
export function parseMappingInput(raw: string | undefined): { ok: true; mapping: CsvImportMapping } | { ok: false; message: string } {
  if (raw === undefined || raw.trim() === '') return { ok: true, mapping: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'mapping must be a JSON object' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'mapping must be a JSON object' };
  const m = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(m)) if (!MAPPING_KEYS.has(key as keyof CsvImportMapping)) problems.push(`mapping.${key} is not a known option`);
  for (const key of COLUMN_KEYS) {
    if (m[key] !== undefined && (typeof m[key] !== 'string' || !(m[key] as string).trim())) problems.push(`mapping.${key} must name a column`);
  }
  const d = m['description'];
  if (d !== undefined && !(typeof d === 'string' && d.trim()) && !(Array.isArray(d) && d.length > 0 && d.every((x) => typeof x === 'string' && x.trim()))) {
    problems.push('mapping.description must name a column or a list of columns');
  }
  if (m['dateFormat'] !== undefined && !isDateFormat(m['dateFormat'])) problems.push(`mapping.dateFormat must be one of: ${DATE_FORMATS.join(', ')}`);
  if (m['decimal'] !== undefined && m['decimal'] !== '.' && m['decimal'] !== ',') problems.push('mapping.decimal must be "." or ","');
  if (m['delimiter'] !== undefined && !(DELIMITERS as readonly unknown[]).includes(m['delimiter'])) {
    problems.push('mapping.delimiter must be one of , ; | or a tab');
  }
  if (m['amountSign'] !== undefined && m['amountSign'] !== 'debitPositive' && m['amountSign'] !== 'debitNegative') {
    problems.push('mapping.amountSign must be debitPositive or debitNegative');
  }
  if (m['refunds'] !== undefined && typeof m['refunds'] !== 'boolean') problems.push('mapping.refunds must be true or false');
  if (m['defaultCurrency'] !== undefined && !isCurrencyCode(m['defaultCurrency'])) problems.push('mapping.defaultCurrency must be an ISO 4217 code');
  return problems.length ? { ok: false, message: problems.join('; ') } : { ok: true, mapping: m as CsvImportMapping };
}

const cellOf = (record: CsvRecord, index: number | null): string => (index === null ? '' : (record.fields[index] ?? '').trim());

/** Reads the whole file. Throws CsvSyntaxError for broken CSV and CsvMappingError when no mapping fits. */
export function interpretCsv(text: string, input: CsvImportMapping, options: { locale: string }): CsvInterpretation {
  const delimiter: Delimiter = input.delimiter ?? detectDelimiter(text);
  const records = readCsvRecords(text, delimiter);
  if (!records.length) throw new CsvMappingError('The file is empty');
  const headers = records[0].fields.map((h) => h.trim());
  const resolved = resolveMapping(headers, input);
  if (!resolved.ok) throw new CsvMappingError(resolved.message);
  const map: ResolvedMapping = resolved.mapping;
  const data = records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''));

  const dateFormat: DateFormat | null = (input.dateFormat as DateFormat | undefined) ?? detectDateFormat(data.map((r) => cellOf(r, map.date)), options.locale);
  if (!dateFormat && data.length) throw new CsvMappingError(`Could not recognise the dates in column "${headers[map.date]}": pass mapping.dateFormat`);
  const amountCells: string[] = [];
  for (let i = 0; i < data.length && amountCells.length < 5000; i++) {
    for (const idx of [map.amount, map.debit, map.credit]) {
      const v = cellOf(data[i], idx);
      if (v) amountCells.push(v);
    }
  }
  const decimal = input.decimal ?? detectDecimalSeparator(amountCells);

  let amountSign = input.amountSign;
  if (map.amount !== null && map.type === null && !amountSign) {
    let negative = 0;
    for (const r of data) {
      const parsed = parseLocaleAmount(cellOf(r, map.amount), decimal);
      if (parsed.ok && parsed.cents < 0n) negative++;
    }
    // bank statements write spending as negative; expense logs write it as positive
    amountSign = negative > 0 ? 'debitNegative' : 'debitPositive';
  }

  const expenses: CsvRow[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  let skipped = 0;
  for (const record of data) {
    const problems: string[] = [];
    const dateCell = cellOf(record, map.date);
    const date = dateCell ? parseCsvDate(dateCell, dateFormat as DateFormat) : null;
    if (!dateCell) problems.push('date is empty');
    else if (!date) problems.push(`date "${dateCell}" is not a valid ${dateFormat} date`);
    let time = date?.time ?? null;
    const timeCell = cellOf(record, map.time);
    if (timeCell) {
      time = parseTimeOfDay(timeCell);
      if (!time) problems.push(`time "${timeCell}" is not a time of day`);
    }

    let direction: 'debit' | 'credit' | 'transfer' | null = null;
    let cents = 0n;
    if (map.amount !== null) {
      const parsed = parseLocaleAmount(cellOf(record, map.amount), decimal);
      if (!parsed.ok) problems.push(parsed.message);
      else {
        cents = parsed.cents < 0n ? -parsed.cents : parsed.cents;
        if (map.type !== null) {
          const typeCell = cellOf(record, map.type);
          direction = classifyType(typeCell);
          if (!direction) problems.push(`type "${typeCell}" is neither a debit nor a credit`);
        } else if (parsed.cents !== 0n) {
          const spending = amountSign === 'debitNegative' ? parsed.cents < 0n : parsed.cents > 0n;
          direction = spending ? 'debit' : 'credit';
        }
      }
    } else {
      const debitCell = cellOf(record, map.debit);
      const creditCell = cellOf(record, map.credit);
      const debit = debitCell ? parseLocaleAmount(debitCell, decimal) : null;
      const credit = creditCell ? parseLocaleAmount(creditCell, decimal) : null;
      if (debit && !debit.ok) problems.push(debit.message);
      if (credit && !credit.ok) problems.push(credit.message);
      const d = debit?.ok ? (debit.cents < 0n ? -debit.cents : debit.cents) : 0n;
      const c = credit?.ok ? (credit.cents < 0n ? -credit.cents : credit.cents) : 0n;
      if (d !== 0n && c !== 0n) problems.push('both the debit and the credit column have an amount');
      else if (d !== 0n) [direction, cents] = ['debit', d];
      else if (c !== 0n) [direction, cents] = ['credit', c];
      else if (!problems.length) problems.push('neither the debit nor the credit column has an amount');
    }
    if (!problems.length && cents === 0n) problems.push('amount must not be zero');

    let description = '';
    for (const idx of map.description) {
      description = normaliseDescription(cellOf(record, idx));
      if (description) break;
    }
    if (!description) problems.push('description is empty');
    else if (description.length > LIMITS.description) problems.push(`description is longer than ${LIMITS.description} characters`);
    const merchant = normaliseDescription(cellOf(record, map.merchant)) || null;
    if (merchant && merchant.length > LIMITS.merchant) problems.push(`merchant is longer than ${LIMITS.merchant} characters`);
    const category = normaliseDescription(cellOf(record, map.category)) || null;
    if (category && category.length > LIMITS.category) problems.push(`category is longer than ${LIMITS.category} characters`);
    const currencyCell = cellOf(record, map.currency).toUpperCase();
    if (currencyCell && !isCurrencyCode(currencyCell)) problems.push(`currency "${currencyCell}" is not an ISO 4217 code`);

    if (problems.length) {
      errors.push({ line: record.line, message: problems.join('; ') });
      continue;
    }
    if (direction === 'transfer' || (direction === 'credit' && !input.refunds)) {
      skipped++;
      continue;
    }
    const d = date as { date: string };
    expenses.push({
      line: record.line,
      occurredOn: d.date,
      localTime: time ? `${d.date} ${time}` : null,
      amount: formatCents(direction === 'credit' ? -cents : cents),
      currency: currencyCell || null,
      description,
      merchant,
      category,
    });
  }
  const mapping: CsvImportMapping = {
    ...resolved.named,
    dateFormat: dateFormat ?? undefined,
    decimal,
    delimiter,
    ...(amountSign && map.amount !== null && map.type === null ? { amountSign } : {}),
    refunds: input.refunds === true,
    ...(input.defaultCurrency ? { defaultCurrency: input.defaultCurrency } : {}),
  };
  if (mapping.dateFormat === undefined) delete mapping.dateFormat;
  return { rows: data.length, expenses, skipped, errors, mapping };
}
