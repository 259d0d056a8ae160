import { formatDate, formatMoney, formatPercent } from './format';

describe('formatting for the tenant', () => {
  it('formats decimal-string amounts in the locale and currency', () => {
    expect(formatMoney('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney('1234.5', 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('1.234,50 €');
    expect(formatMoney(null, 'USD', 'en-US')).toBe('');
  });

  it('shows calendar dates as that day in any time zone, timestamps in the tenant zone', () => {
    expect(formatDate('2026-01-31', 'date', 'en-US', 'Pacific/Honolulu')).toBe('Jan 31, 2026');
    expect(formatDate('2026-03', 'month', 'en-US', 'UTC')).toBe('March 2026');
    expect(formatDate('2026-01-01T03:00:00Z', 'date', 'en-US', 'America/New_York')).toBe('Dec 31, 2025');
  });

  it('formats shares as percentages', () => {
    expect(formatPercent(0.125, 'en-US', 1)).toBe('12.5%');
  });
});
