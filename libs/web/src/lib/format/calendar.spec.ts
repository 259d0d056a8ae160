import { addMonths, lastDayOf, monthOf, todayIn } from './calendar';

describe('calendar helpers', () => {
  it('moves months across year ends in both directions', () => {
    expect(addMonths('2026-11', 1)).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -11)).toBe('2025-12');
  });

  it('knows the last day of a month, leap years included', () => {
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2026-04')).toBe('2026-04-30');
    expect(monthOf('2026-11-22')).toBe('2026-11');
  });

  it("takes today in the tenant's time zone, not the browser's", () => {
    const at = new Date('2026-11-30T23:30:00Z');
    expect(todayIn('UTC', at)).toBe('2026-11-30');
    expect(todayIn('Europe/Berlin', at)).toBe('2026-12-01');
    expect(todayIn('America/New_York', at)).toBe('2026-11-30');
  });
});
