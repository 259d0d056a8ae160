let currencies: Set<string> | null = null;

/** ISO 4217 codes known to the runtime's ICU data (the same rule as the API's @IsCurrencyCode). */
export function isIsoCurrency(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) return false;
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(value);
}
