/**
 * Customer-facing formatting in the tenant's locale and currency: amounts with Intl.NumberFormat, dates
 * like "3 March" (en-GB) or "March 3" (en-US), with the year only when it is not the year of the analysis.
 */
import { dayIndex } from './calendar';

const DAY_MS = 86_400_000;

export interface Formatter {
  /** An amount in the tenant's currency, e.g. "£1,234.50". */
  money(amount: number): string;
  /** An amount in another currency (an expense's original currency). */
  moneyIn(amount: number, currency: string): string;
  /** 'YYYY-MM-DD' as "3 March" (the year added when it differs from the analysis date's year). */
  date(date: string): string;
  /** 'YYYY-MM' as "March" (or "March 2025" in another year). */
  month(month: string): string;
  /** The time of 'YYYY-MM-DDTHH:mm:ss' as "03:12" / "3:12 AM", or null when the time is unknown (no time part). */
  time(occurredAt: string): string | null;
  /** A whole percentage, e.g. "16%". */
  percent(share: number): string;
  /** Joins items as "A, B and C". */
  list(items: string[]): string;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}

const formatters = new Map<string, Formatter>();
const MAX_CACHED_FORMATTERS = 64;

/**
 * The formatter for a locale, currency and analysis date, shared (formatters hold no state, and building one's
 * Intl objects takes most of a millisecond, for every customer of a nightly pass otherwise).
 */
export function formatterFor(locale: string, currency: string, asOf: string): Formatter {
  const key = `${locale}\u0000${currency}\u0000${asOf}`;
  let f = formatters.get(key);
  if (!f) {
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    f = createFormatter(locale, currency, asOf);
    formatters.set(key, f);
  }
  return f;
}

export function createFormatter(locale: string, currency: string, asOf: string): Formatter {
  const loc = safeLocale(locale);
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (cur: string): Intl.NumberFormat => {
    let f = moneyFormats.get(cur);
    if (!f) {
      try {
        f = new Intl.NumberFormat(loc, { style: 'currency', currency: cur });
      } catch {
        f = new Intl.NumberFormat(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      }
      moneyFormats.set(cur, f);
    }
    return f;
  };
  const year = asOf.slice(0, 4);
  const dayMonth = new Intl.DateTimeFormat(loc, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const dayMonthYear = new Intl.DateTimeFormat(loc, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthOnly = new Intl.DateTimeFormat(loc, { month: 'long', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(loc, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  // 24-hour locales read better with a leading zero ("03:12"); 12-hour ones without ("3:12 AM")
  const cycle = new Intl.DateTimeFormat(loc, { hour: 'numeric', timeZone: 'UTC' }).resolvedOptions().hourCycle;
  const timeFormat = new Intl.DateTimeFormat(loc, { hour: cycle === 'h23' || cycle === 'h24' ? '2-digit' : 'numeric', minute: '2-digit', timeZone: 'UTC' });
  const percentFormat = new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 });
  let listFormat: { format(items: string[]): string } | null = null;
  try {
    listFormat = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });
  } catch {
    listFormat = null;
  }
  return {
    money: (amount) => moneyFormat(currency).format(amount),
    moneyIn: (amount, cur) => moneyFormat(cur).format(amount),
    date: (date) => {
      const d = new Date(dayIndex(date) * DAY_MS);
      return (date.slice(0, 4) === year ? dayMonth : dayMonthYear).format(d);
    },
    month: (month) => {
      const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
      return (month.slice(0, 4) === year ? monthOnly : monthYear).format(d);
    },
    time: (occurredAt) => {
      const m = /T(\d\d):(\d\d)/.exec(occurredAt);
      if (!m) return null;
      return timeFormat.format(new Date(Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2]))));
    },
    percent: (share) => percentFormat.format(share),
    // the messages are English sentences, so the list joins in English whatever the number locale
    list: (items) => (listFormat ? listFormat.format(items) : items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
  };
}

/** Shortens text for titles, at a word boundary where possible. */
export function truncate(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A projected amount as the API's decimal string: rounded to cents, never below zero ("12.30"). */
export function apiAmount(x: number): string {
  return (Math.round(Math.max(0, x) * 100) / 100).toFixed(2);
}
