import { validator } from './validator';

let currencies: Set<string> | null = null;

/** ISO 4217 codes known to the runtime's ICU data. */
export function isCurrencyCode(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) return false;
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(value);
}

/** IANA time zone names (including UTC). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** BCP 47 locale tags the runtime can format numbers and dates for. */
export function isLocale(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 35) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1 && Intl.NumberFormat.supportedLocalesOf(value).length === 1;
  } catch {
    return false;
  }
}

/** A validator whose message is `<property> <requirement>` when the check fails. */
const requiring = (name: string, check: (v: unknown) => boolean, requirement: string) =>
  validator(name, (value, property) => (check(value) ? null : `${property} ${requirement}`));

export const IsCurrencyCode = requiring('isCurrencyCode', isCurrencyCode, 'must be an ISO 4217 currency code such as USD or EUR');
export const IsTimeZone = requiring('isTimeZone', isTimeZone, 'must be an IANA time zone such as Europe/Berlin');
export const IsLocale = requiring('isLocale', isLocale, 'must be a locale tag such as en-US or de-DE');
