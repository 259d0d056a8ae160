/**
 * Money as exact decimal strings and integer cents, never binary floating point.
 * Amounts are NUMERIC(14,2) in PostgreSQL: at most 12 integer digits and 2 decimals.
 */

export const MAX_INTEGER_DIGITS = 12;

export type MoneyParse = { ok: true; value: string; cents: bigint } | { ok: false; message: string };

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Parses an amount sent by a client: a string such as "12.3" / "-4.50" or a JSON number. Numbers go through
 * their shortest decimal representation (`String(0.1 + 0.2)` is "0.30000000000000004", refused as too many
 * decimals), so no float arithmetic ever touches the value.
 */
export function parseMoney(input: unknown, field = 'amount'): MoneyParse {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: `${field} must be a finite decimal number` };
    text = String(input);
    if (/e/i.test(text)) return { ok: false, message: `${field} is out of range` };
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return { ok: false, message: `${field} must be a decimal number given as a string or a number` };
  }
  const m = DECIMAL_RE.exec(text);
  if (!m) return { ok: false, message: `${field} must be a decimal number such as 12.30` };
  const [, sign, intPart, frac = ''] = m;
  if (frac.length > 2) return { ok: false, message: `${field} must have at most 2 decimals` };
  const int = intPart.replace(/^0+(?=\d)/, '');
  if (int.length > MAX_INTEGER_DIGITS) return { ok: false, message: `${field} is out of range (at most ${MAX_INTEGER_DIGITS} digits before the decimal point)` };
  let cents = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0'));
  if (sign === '-') cents = -cents;
  return { ok: true, value: formatCents(cents), cents };
}

/** "12.30" from 1230n; "-0.05" from -5n. */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const int = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${int}.${frac}`;
}

/** Exact cents of a NUMERIC value as PostgreSQL prints it ("12.3", "-4.50", "7"). */
export function toCents(value: string): bigint {
  const m = DECIMAL_RE.exec(value.trim());
  if (!m) throw new Error(`not a decimal: ${value}`);
  const [, sign, intPart, frac = ''] = m;
  const scaled = BigInt(intPart) * 100n + BigInt((frac + '00').slice(0, 2));
  // round half away from zero beyond two decimals
  const rest = frac.slice(2);
  const roundUp = rest.length > 0 && rest[0] >= '5' ? 1n : 0n;
  const cents = scaled + roundUp;
  return sign === '-' ? -cents : cents;
}

/** Normalises a NUMERIC string from PostgreSQL to two decimals. */
export function formatMoney(value: string): string {
  return formatCents(toCents(value));
}

export type AmountCheck = { ok: true; value: string; refund: boolean } | { ok: false; message: string };

/**
 * The rules for an expense amount: never zero, positive for spending. A refund may be sent either as a positive
 * amount with `refund: true` or as a negative amount with `refund: true`; it is stored negative.
 */
export function checkExpenseAmount(input: unknown, refund = false): AmountCheck {
  const parsed = parseMoney(input);
  if (!parsed.ok) return parsed;
  if (parsed.cents === 0n) return { ok: false, message: 'amount must not be zero' };
  if (parsed.cents < 0n && !refund) {
    return { ok: false, message: 'amount must be a positive decimal (record refunds with refund: true)' };
  }
  const abs = parsed.cents < 0n ? -parsed.cents : parsed.cents;
  return { ok: true, value: formatCents(refund ? -abs : abs), refund };
}

const GROUPED_POINT = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const GROUPED_COMMA = /^\d{1,3}(\.\d{3})+(,\d+)?$/;

export type LocaleAmount = { ok: true; cents: bigint } | { ok: false; message: string };

/**
 * Parses an amount as written in a bank export: thousands separators, a comma or point decimal separator,
 * currency symbols, `(12.30)` or a trailing minus for negatives. Extra decimals are accepted only when zero.
 */
const PLAIN_AMOUNT = /^(-?)(\d{1,12})(?:[.,](\d{1,2}))?$/;

export function parseLocaleAmount(raw: string, decimal: '.' | ','): LocaleAmount {
  // the common case, "-12.30" or "7", without the general rules below
  const plain = PLAIN_AMOUNT.exec(raw);
  if (plain && (plain[3] === undefined || raw[raw.length - plain[3].length - 1] === decimal)) {
    const cents = BigInt(plain[2]) * 100n + BigInt((plain[3] ?? '').padEnd(2, '0'));
    return { ok: true, cents: plain[1] ? -cents : cents };
  }
  let text = raw.trim();
  if (!text) return { ok: false, message: 'amount is empty' };
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1).trim();
  }
  // currency symbols and ISO codes around the number
  text = text.replace(/^[A-Za-z]{3}\s*/, '').replace(/\s*[A-Za-z]{3}$/, '');
  text = text.replace(/[\p{Sc}\s\u00a0\u202f']/gu, '');
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  // a currency symbol may also sit after the sign: "-$12.00"
  text = text.replace(/^\p{Sc}/u, '');
  const thousands = decimal === '.' ? ',' : '.';
  const grouped = decimal === '.' ? GROUPED_POINT : GROUPED_COMMA;
  if (text.includes(thousands)) {
    if (!grouped.test(text)) return { ok: false, message: `amount "${raw.trim()}" is not a number` };
    text = text.split(thousands).join('');
  }
  if (decimal === ',') text = text.replace(',', '.');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return { ok: false, message: `amount "${raw.trim()}" is not a number` };
  const [, intPart, frac = ''] = m;
  if (frac.length > 2 && /[^0]/.test(frac.slice(2))) return { ok: false, message: `amount "${raw.trim()}" has more than 2 decimals` };
  const int = intPart.replace(/^0+(?=\d)/, '');
  if (int.length > MAX_INTEGER_DIGITS) return { ok: false, message: `amount "${raw.trim()}" is out of range` };
  const cents = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
  return { ok: true, cents: negative ? -cents : cents };
}

/**
 * Which decimal separator the amount column uses, by votes over its values: a separator followed by exactly one
 * or two digits at the end is a decimal separator; when both occur in one value, the last one is.
 */
export function detectDecimalSeparator(values: readonly string[]): '.' | ',' {
  let point = 0;
  let comma = 0;
  for (const raw of values) {
    const v = raw.replace(/[^\d.,]/g, '');
    const lastPoint = v.lastIndexOf('.');
    const lastComma = v.lastIndexOf(',');
    if (lastPoint >= 0 && lastComma >= 0) {
      if (lastPoint > lastComma) point++;
      else comma++;
    } else if (lastComma >= 0 && /,\d{1,2}$/.test(v)) {
      comma++;
    } else if (lastPoint >= 0 && /\.\d{1,2}$/.test(v)) {
      point++;
    } else if (lastPoint >= 0 && /^\d{1,3}(\.\d{3}){2,}$/.test(v)) {
      comma++; // 1.234.567 can only be grouping with a comma decimal
    } else if (lastComma >= 0 && /^\d{1,3}(,\d{3}){2,}$/.test(v)) {
      point++;
    }
  }
  return comma > point ? ',' : '.';
}
