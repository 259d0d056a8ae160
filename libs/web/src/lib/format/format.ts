import { inject, Pipe, PipeTransform } from '@angular/core';
import { TenantProfile } from '../tenant/tenant-profile';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
  let f = map.get(key);
  if (!f) {
    f = make();
    map.set(key, f);
  }
  return f;
}

/** Money in a locale: `formatMoney('1234.5', 'EUR', 'de-DE')` -> "1.234,50 €". Amounts arrive as decimal strings. */
export function formatMoney(amount: string | number | null | undefined, currency: string, locale: string): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  return cached(numberFormats, `${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(value);
}

export function formatPercent(value: number | null | undefined, locale: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return cached(numberFormats, `${locale}|%|${digits}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits })).format(value);
}

export type DateStyle = 'date' | 'datetime' | 'month' | 'time';

/**
 * A calendar date (YYYY-MM-DD, shown as that day whatever the zone), a month (YYYY-MM) or a timestamp (shown in the
 * tenant's time zone).
 */
export function formatDate(value: string | Date | null | undefined, style: DateStyle, locale: string, timeZone: string): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    const utc = new Date(Date.UTC(y, m - 1, d ?? 1));
    const opts: Intl.DateTimeFormatOptions = style === 'month' || d === undefined ? { year: 'numeric', month: 'long', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' };
    return cached(dateFormats, `${locale}|cal|${JSON.stringify(opts)}`, () => new Intl.DateTimeFormat(locale, opts)).format(utc);
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const opts: Intl.DateTimeFormatOptions =
    style === 'datetime' ? { dateStyle: 'medium', timeStyle: 'short', timeZone } : style === 'time' ? { timeStyle: 'short', timeZone } : style === 'month' ? { year: 'numeric', month: 'long', timeZone } : { dateStyle: 'medium', timeZone };
  return cached(dateFormats, `${locale}|${timeZone}|${JSON.stringify(opts)}`, () => new Intl.DateTimeFormat(locale, opts)).format(date);
}

/** Money in the tenant's locale; the currency defaults to the tenant's. */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  private readonly tenant = inject(TenantProfile);
  transform(amount: string | number | null | undefined, currency?: string | null): string {
    const p = this.tenant.profile();
    return formatMoney(amount, currency || p.currency, p.locale);
  }
}

/** Dates and timestamps in the tenant's locale and time zone. */
@Pipe({ name: 'localDate' })
export class LocalDatePipe implements PipeTransform {
  private readonly tenant = inject(TenantProfile);
  transform(value: string | Date | null | undefined, style: DateStyle = 'date'): string {
    const p = this.tenant.profile();
    return formatDate(value, style, p.locale, p.timezone);
  }
}

@Pipe({ name: 'percent' })
export class PercentPipe implements PipeTransform {
  private readonly tenant = inject(TenantProfile);
  transform(value: number | null | undefined, digits = 0): string {
    return formatPercent(value, this.tenant.profile().locale, digits);
  }
}
