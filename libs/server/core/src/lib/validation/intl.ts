import { registerDecorator, ValidationOptions } from 'class-validator';

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

function decorator(name: string, check: (v: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) =>
    (object: object, propertyName: string): void =>
      registerDecorator({
        name,
        target: object.constructor,
        propertyName,
        options: { message: `${propertyName} ${message}`, ...options },
        validator: { validate: check },
      });
}

export const IsCurrencyCode = decorator('isCurrencyCode', isCurrencyCode, 'must be an ISO 4217 currency code such as USD or EUR');
export const IsTimeZone = decorator('isTimeZone', isTimeZone, 'must be an IANA time zone such as Europe/Berlin');
export const IsLocale = decorator('isLocale', isLocale, 'must be a locale tag such as en-US or de-DE');
