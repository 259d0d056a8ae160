/** Calendar dates, local times and time zones, without a date library: Intl does the zone arithmetic. */

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A real calendar date written `YYYY-MM-DD` (2023-02-30 is not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE_RE.exec(value);
  return !!m && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `YYYY-MM` */
export function isIsoMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return !!m && isValidYmd(Number(m[1]), Number(m[2]), 1);
}

export type Occurred = { kind: 'date'; date: string } | { kind: 'instant'; instant: Date };
export type OccurredParse = ({ ok: true } & Occurred) | { ok: false; message: string };

/**
 * `occurredAt` of an expense: a local date `YYYY-MM-DD`, or an ISO 8601 timestamp that carries an offset
 * (`Z` or `+02:00`). A timestamp without an offset is refused: it would be ambiguous.
 */
export function parseOccurred(value: unknown, field = 'occurredAt'): OccurredParse {
  if (typeof value !== 'string') return { ok: false, message: `${field} must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with offset` };
  const text = value.trim();
  if (ISO_DATE_RE.test(text)) {
    return isIsoDate(text) ? { ok: true, kind: 'date', date: text } : { ok: false, message: `${field} is not a real calendar date` };
  }
  const m = ISO_TIMESTAMP_RE.exec(text);
  if (!m) return { ok: false, message: `${field} must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with offset` };
  const [, y, mo, d, h, mi, s = '0'] = m;
  if (!isValidYmd(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return { ok: false, message: `${field} is not a real date and time` };
  }
  const instant = new Date(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(instant.getTime())) return { ok: false, message: `${field} is not a real date and time` };
  return { ok: true, kind: 'instant', instant };
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts['year'], month: parts['month'], day: parts['day'], hour: parts['hour'], minute: parts['minute'], second: parts['second'] };
}

/** The calendar date an instant falls on in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return ymd(w.year, w.month, w.day);
}

/**
 * The instant a local wall-clock time denotes in a time zone. In a DST gap the time is moved forward, in an
 * overlap the earlier instant wins (what PostgreSQL's `AT TIME ZONE` does as well).
 */
export function instantOfLocal(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s = 0] = time.split(':').map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shownAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const diff = shownAsUtc - asUtc;
    if (diff === 0) break;
    guess -= diff;
  }
  return new Date(guess);
}

/** Today's date in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return localDateOf(now, timeZone);
}

export interface MonthInfo {
  month: string; // YYYY-MM
  first: string; // YYYY-MM-01
  last: string;
  days: number;
}

export function monthInfo(month: string): MonthInfo {
  const [y, m] = month.split('-').map(Number);
  const days = daysInMonth(y, m);
  return { month, first: ymd(y, m, 1), last: ymd(y, m, days), days };
}

// ---- CSV dates -------------------------------------------------------------------------------------------------

export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'YYYYMMDD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'DD/MM/YY',
  'MM/DD/YY',
  'DD.MM.YY',
  'DD MMM YYYY',
  'MMM DD YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A date cell may carry a time: "20/09/2018 12:04:08", "2018-09-20T12:04". */
const TIME_SUFFIX_RE = /[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?$/i;

export interface CsvDateValue {
  date: string;
  /** HH:MM:SS when the cell had a time of day. */
  time: string | null;
}

function splitTime(raw: string): { datePart: string; time: string | null } | null {
  const text = raw.trim();
  const m = TIME_SUFFIX_RE.exec(text);
  if (!m) return { datePart: text, time: null };
  let hour = Number(m[1]);
  const ampm = m[4]?.toLowerCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  }
  const time = parseTimeParts(hour, Number(m[2]), Number(m[3] ?? 0));
  if (!time) return null;
  return { datePart: text.slice(0, m.index).trim(), time };
}

function parseTimeParts(h: number, mi: number, s: number): string | null {
  if (h > 23 || mi > 59 || s > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A time-of-day cell: "12:04", "12:04:08", "7:05 pm". */
export function parseTimeOfDay(raw: string): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?$/i.exec(raw.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  if (m[4]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[4].toLowerCase() === 'pm' ? 12 : 0);
  }
  return parseTimeParts(hour, Number(m[2]), Number(m[3] ?? 0));
}

function fullYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

const esc = (c: string) => (c === '.' ? '\\.' : c);
/** Compiled once per format: [pattern, order of the captured parts]. */
const DATE_PATTERNS: Record<DateFormat, { re: RegExp; parts: 'ymd' | 'dmy' | 'mdy' | 'dMy' | 'Mdy'; shortYear: boolean }> = (() => {
  const table = {} as Record<DateFormat, { re: RegExp; parts: 'ymd' | 'dmy' | 'mdy' | 'dMy' | 'Mdy'; shortYear: boolean }>;
  for (const f of DATE_FORMATS) {
    if (f === 'YYYYMMDD') table[f] = { re: /^(\d{4})(\d{2})(\d{2})$/, parts: 'ymd', shortYear: false };
    else if (f.startsWith('YYYY')) {
      const sep = esc(f[4]);
      table[f] = { re: new RegExp(`^(\\d{4})${sep}(\\d{1,2})${sep}(\\d{1,2})$`), parts: 'ymd', shortYear: false };
    } else if (f === 'DD MMM YYYY') table[f] = { re: /^(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s-]+(\d{4})$/, parts: 'dMy', shortYear: false };
    else if (f === 'MMM DD YYYY') table[f] = { re: /^([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/, parts: 'Mdy', shortYear: false };
    else {
      const sep = esc(f[2]);
      const shortYear = !f.endsWith('YYYY');
      table[f] = {
        re: new RegExp(`^(\\d{1,2})${sep}(\\d{1,2})${sep}(\\d{${shortYear ? 2 : 4}})$`),
        parts: f.startsWith('DD') ? 'dmy' : 'mdy',
        shortYear,
      };
    }
  }
  return table;
})();

function parseDatePart(text: string, format: DateFormat): string | null {
  const { re, parts, shortYear } = DATE_PATTERNS[format];
  const m = re.exec(text);
  if (!m) return null;
  let y: number;
  let mo: number;
  let d: number;
  switch (parts) {
    case 'ymd':
      [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
    case 'dmy':
      [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
    case 'mdy':
      [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
    case 'dMy':
      [d, mo, y] = [Number(m[1]), MONTHS.indexOf(m[2].toLowerCase()) + 1, Number(m[3])];
      break;
    case 'Mdy':
      [mo, d, y] = [MONTHS.indexOf(m[1].toLowerCase()) + 1, Number(m[2]), Number(m[3])];
      break;
  }
  if (shortYear) y = fullYear(y);
  return isValidYmd(y, mo, d) ? ymd(y, mo, d) : null;
}

/** Parses one date cell in a known format; the cell may carry a time of day. */
export function parseCsvDate(raw: string, format: DateFormat): CsvDateValue | null {
  const split = splitTime(raw);
  if (!split) return null;
  const date = parseDatePart(split.datePart, format);
  return date ? { date, time: split.time } : null;
}

export function isDateFormat(value: unknown): value is DateFormat {
  return typeof value === 'string' && (DATE_FORMATS as readonly string[]).includes(value);
}

/**
 * The format that parses the most values of a sample spread over the column (a stray bad cell does not decide).
 * Ties (all days <= 12, say) go to ISO, then day-first unless the locale writes month first (en-US and a few
 * others). Null when no format reads at least half of the sample.
 */
export function detectDateFormat(values: readonly string[], locale = 'en-US', sampleSize = 3000): DateFormat | null {
  const all = values.map((v) => v.trim()).filter(Boolean);
  if (!all.length) return null;
  const step = Math.max(1, Math.floor(all.length / sampleSize));
  const sample: string[] = [];
  for (let i = 0; i < all.length && sample.length < sampleSize; i += step) sample.push(all[i]);
  const monthFirst = /^en-(US|PH)$|^(fil|es-US)/i.test(locale);
  const rank = (f: DateFormat) => (f === 'YYYY-MM-DD' ? 0 : f.startsWith(monthFirst ? 'MM' : 'DD') ? 1 : 2);
  let best: { format: DateFormat; ok: number } | null = null;
  for (const format of DATE_FORMATS) {
    let ok = 0;
    for (const v of sample) if (parseCsvDate(v, format)) ok++;
    if (!best || ok > best.ok || (ok === best.ok && rank(format) < rank(best.format))) best = { format, ok };
  }
  return best && best.ok * 2 >= sample.length ? best.format : null;
}
