/**
 * Which CSV column means what: header-name heuristics for the usual bank and app exports, and the rules for
 * telling spending from money coming in.
 */
import type { CsvImportMapping } from '@spendguard/contracts';

export type ColumnRole = 'date' | 'time' | 'description' | 'merchant' | 'amount' | 'debit' | 'credit' | 'type' | 'category' | 'currency';

/** Normalised header names (lower case, letters and digits only) per role, best first. */
const HEADER_NAMES: Record<ColumnRole, string[]> = {
  date: ['date', 'transactiondate', 'bookingdate', 'postingdate', 'posteddate', 'valuedate', 'datetime', 'timestamp', 'buchungstag', 'datum', 'valuta', 'fecha', 'txndate', 'tradedate'],
  time: ['time', 'transactiontime', 'uhrzeit'],
  description: ['description', 'note', 'notes', 'memo', 'details', 'narrative', 'narration', 'particulars', 'transactiondescription', 'text', 'verwendungszweck', 'reference', 'remarks', 'name', 'title'],
  merchant: ['merchant', 'merchantname', 'payee', 'vendor', 'counterparty', 'beneficiary', 'shop', 'store', 'empfaenger', 'empfanger'],
  amount: ['amount', 'value', 'sum', 'transactionamount', 'betrag', 'importe', 'amt', 'total'],
  debit: ['debit', 'debits', 'debitamount', 'withdrawal', 'withdrawals', 'withdrawalamount', 'paidout', 'moneyout', 'outflow', 'out', 'soll', 'spent'],
  credit: ['credit', 'credits', 'creditamount', 'deposit', 'deposits', 'depositamount', 'paidin', 'moneyin', 'inflow', 'in', 'haben', 'received'],
  type: ['transactiontype', 'type', 'incomeexpense', 'debitcredit', 'drcr', 'creditdebit', 'direction', 'kind', 'txntype'],
  category: ['category', 'categoryname', 'kategorie', 'categoria'],
  currency: ['currency', 'currencycode', 'ccy', 'curr', 'wahrung', 'waehrung', 'moneda'],
};

/** Secondary description sources, tried after the description column when it is empty. */
const DESCRIPTION_FALLBACKS = ['subcategory', 'merchant', 'payee', 'category'];

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface ResolvedMapping {
  date: number;
  time: number | null;
  description: number[];
  merchant: number | null;
  amount: number | null;
  debit: number | null;
  credit: number | null;
  type: number | null;
  category: number | null;
  currency: number | null;
}

export type MappingResult = { ok: true; mapping: ResolvedMapping; named: CsvImportMapping } | { ok: false; message: string };

/**
 * Merges the explicit mapping (column names, matched exactly or case-insensitively) with what the headers
 * suggest, and checks that the result can describe an expense.
 */
export function resolveMapping(headers: readonly string[], explicit: CsvImportMapping = {}): MappingResult {
  const norm = headers.map(normaliseHeader);
  const used = new Set<number>();
  const find = (name: string): number => {
    const exact = headers.indexOf(name);
    if (exact >= 0) return exact;
    const n = normaliseHeader(name);
    return norm.findIndex((h) => h === n);
  };
  const problems: string[] = [];
  const pick = (role: ColumnRole): number | null => {
    const given = explicit[role as keyof CsvImportMapping];
    if (typeof given === 'string') {
      const i = find(given);
      if (i < 0) problems.push(`mapping.${role}: the file has no column "${given}"`);
      else used.add(i);
      return i >= 0 ? i : null;
    }
    return null;
  };
  const explicitIdx: Partial<Record<ColumnRole, number | null>> = {};
  for (const role of ['date', 'time', 'merchant', 'amount', 'debit', 'credit', 'type', 'category', 'currency'] as ColumnRole[]) {
    if (explicit[role as keyof CsvImportMapping] !== undefined) explicitIdx[role] = pick(role);
  }
  const description: number[] = [];
  if (explicit.description !== undefined) {
    const names = Array.isArray(explicit.description) ? explicit.description : [explicit.description];
    for (const name of names) {
      const i = find(name);
      if (i < 0) problems.push(`mapping.description: the file has no column "${name}"`);
      else {
        description.push(i);
        used.add(i);
      }
    }
  }
  if (problems.length) return { ok: false, message: problems.join('; ') };

  const auto = (role: ColumnRole): number | null => {
    if (role in explicitIdx) return explicitIdx[role] ?? null;
    for (const name of HEADER_NAMES[role]) {
      const i = norm.findIndex((h, idx) => h === name && !used.has(idx));
      if (i >= 0) {
        used.add(i);
        return i;
      }
    }
    return null;
  };
  const date = auto('date');
  const amount = auto('amount');
  const debit = auto('debit');
  const credit = auto('credit');
  const type = auto('type');
  const time = auto('time');
  const currency = auto('currency');
  const merchant = auto('merchant');
  const category = auto('category');
  if (!description.length) {
    const main = auto('description');
    if (main !== null) description.push(main);
    for (const name of DESCRIPTION_FALLBACKS) {
      const i = norm.indexOf(name);
      if (i >= 0 && !description.includes(i) && i !== date && i !== amount) description.push(i);
    }
  }
  if (date === null) return { ok: false, message: 'No date column found: name one with mapping.date' };
  if (amount === null && debit === null && credit === null) {
    return { ok: false, message: 'No amount column found: name one with mapping.amount (or mapping.debit / mapping.credit)' };
  }
  if (amount === null && debit === null) return { ok: false, message: 'A credit column alone holds no spending: map mapping.debit too' };
  if (!description.length) return { ok: false, message: 'No description column found: name one with mapping.description' };
  const mapping: ResolvedMapping = { date, time, description, merchant, amount, debit, credit, type, category, currency };
  const name = (i: number | null) => (i === null ? undefined : headers[i]);
  const named: CsvImportMapping = {
    date: headers[date],
    time: name(time),
    description: description.length === 1 ? headers[description[0]] : description.map((i) => headers[i]),
    merchant: name(merchant),
    amount: name(amount),
    debit: name(debit),
    credit: name(credit),
    type: name(type),
    category: name(category),
    currency: name(currency),
  };
  for (const key of Object.keys(named) as Array<keyof CsvImportMapping>) if (named[key] === undefined) delete named[key];
  return { ok: true, mapping, named };
}

export type Direction = 'debit' | 'credit' | 'transfer';

const DEBIT_WORDS = new Set(['debit', 'dr', 'd', 'expense', 'expenses', 'withdrawal', 'purchase', 'payment', 'spend', 'spending', 'out', 'outgoing', 'charge', 'sale', 'pos', 'fee', 'atm', 'ausgabe', 'lastschrift', 'belastung', 'gasto']);
const CREDIT_WORDS = new Set(['credit', 'cr', 'c', 'income', 'deposit', 'refund', 'return', 'in', 'incoming', 'salary', 'interest', 'reversal', 'einnahme', 'gutschrift', 'ingreso']);
const TRANSFER_RE = /^transfer|transfer$|^xfer|^umbuchung/;

/** Classifies a type cell ("debit", "Expense", "DR", "Transfer-Out", ...); null when it means nothing known. */
export function classifyType(raw: string): Direction | null {
  const v = raw.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (!v) return null;
  const compact = v.replace(/[^a-z]/g, '');
  if (TRANSFER_RE.test(compact)) return 'transfer';
  if (DEBIT_WORDS.has(compact)) return 'debit';
  if (CREDIT_WORDS.has(compact)) return 'credit';
  return null;
}
