import { dueTenants, localWeekday } from './scheduler.service';

const tenant = (over: Partial<{ id: string; timezone: string; nightly_at: string; last_nightly_date: string | null }>) => ({
  id: 't',
  timezone: 'America/New_York',
  nightly_at: '02:00',
  last_nightly_date: '2026-11-21',
  ...over,
});

describe('dueTenants', () => {
  // 2026-11-22 07:30 UTC is 02:30 in New York (EST, UTC-5) and 08:30 in Berlin
  const now = new Date('2026-11-22T07:30:00Z');

  it("is due once the tenant's local time reaches its nightly time, for the tenant-local date", () => {
    expect(dueTenants([tenant({})], now)).toEqual([{ id: 't', runDate: '2026-11-22' }]);
    expect(dueTenants([tenant({ nightly_at: '03:00' })], now)).toEqual([]);
  });

  it('is not due twice on the same local date', () => {
    expect(dueTenants([tenant({ last_nightly_date: '2026-11-22' })], now)).toEqual([]);
  });

  it('uses each tenant its own time zone', () => {
    const early = new Date('2026-11-22T06:30:00Z'); // 01:30 New York, 07:30 Berlin
    const due = dueTenants(
      [tenant({ id: 'ny' }), tenant({ id: 'berlin', timezone: 'Europe/Berlin' })],
      early,
    );
    expect(due).toEqual([{ id: 'berlin', runDate: '2026-11-22' }]);
  });

  it('a tenant never analysed is due at once, whatever the time', () => {
    const midday = new Date('2026-11-22T17:00:00Z');
    expect(dueTenants([tenant({ last_nightly_date: null, nightly_at: '23:59' })], midday)).toEqual([{ id: 't', runDate: '2026-11-22' }]);
  });
});

describe('localWeekday', () => {
  it("is the weekday in the tenant's time zone (the weekly tenant analysis runs on its Sunday)", () => {
    const sundayNightUtc = new Date('2026-11-22T23:30:00Z'); // Sunday in London, already Monday in Tokyo
    expect(localWeekday('Europe/London', sundayNightUtc)).toBe(0);
    expect(localWeekday('Asia/Tokyo', sundayNightUtc)).toBe(1);
  });
});
