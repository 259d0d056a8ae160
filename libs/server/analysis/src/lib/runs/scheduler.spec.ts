import { dueTenants, localWeekday, ScheduledTenant, weeklyPassDue } from './scheduler.service';

const tenant = (over: Partial<ScheduledTenant>): ScheduledTenant => ({
  id: 't',
  timezone: 'America/New_York',
  nightly_at: '02:00',
  last_nightly_date: '2026-11-21',
  ...over,
});

/**
 * The scheduler as it runs: a tick every minute from `from` to `to` (UTC) unless `skip` says that tick did not run,
 * each due pass claimed (its run date becomes the tenant's last_nightly_date). Answers the passes with the UTC
 * minute that claimed them.
 */
function simulate(start: ScheduledTenant, from: string, to: string, skip: (at: Date) => boolean = () => false) {
  const t = { ...start };
  const passes: Array<{ runDate: string; at: string; weekly: boolean }> = [];
  for (let ms = Date.parse(from); ms <= Date.parse(to); ms += 60_000) {
    const at = new Date(ms);
    if (skip(at)) continue;
    for (const due of dueTenants([t], at)) {
      passes.push({ runDate: due.runDate, at: at.toISOString().slice(0, 16), weekly: due.weekly });
      t.last_nightly_date = due.runDate;
    }
  }
  return passes;
}

describe('dueTenants', () => {
  // 2026-11-22 07:30 UTC is 02:30 in New York (EST, UTC-5) and 08:30 in Berlin
  const now = new Date('2026-11-22T07:30:00Z');

  it("is due once the tenant's local time reaches its nightly time, for the tenant-local date", () => {
    expect(dueTenants([tenant({})], now)).toEqual([{ id: 't', runDate: '2026-11-22', weekly: true }]);
    expect(dueTenants([tenant({ nightly_at: '03:00' })], now)).toEqual([]);
  });

  it('is not due twice on the same local date', () => {
    expect(dueTenants([tenant({ last_nightly_date: '2026-11-22' })], now)).toEqual([]);
  });

  it('uses each tenant its own time zone', () => {
    const early = new Date('2026-11-22T06:30:00Z'); // 01:30 New York, 07:30 Berlin
    const due = dueTenants([tenant({ id: 'ny' }), tenant({ id: 'berlin', timezone: 'Europe/Berlin' })], early);
    expect(due.map((d) => [d.id, d.runDate])).toEqual([['berlin', '2026-11-22']]);
  });

  it('a tenant never analysed is due at once, whatever the time, with the weekly tenant analysis', () => {
    const midday = new Date('2026-11-22T17:00:00Z');
    expect(dueTenants([tenant({ last_nightly_date: null, nightly_at: '23:59' })], midday)).toEqual([{ id: 't', runDate: '2026-11-22', weekly: true }]);
  });

  it('runs every night exactly once over a week of minutely ticks, across the US fall-back night', () => {
    const passes = simulate(tenant({ last_nightly_date: '2026-10-29' }), '2026-10-30T00:00:00Z', '2026-11-04T23:59:00Z');
    expect(passes.map((p) => p.runDate)).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    expect(passes[1].at).toBe('2026-10-31T06:00'); // 02:00 EDT
    // on 1 November the clocks go from 01:59 EDT back to 01:00 EST: the first 02:00 shown is 02:00 EST
    expect(passes[2].at).toBe('2026-11-01T07:00');
    expect(passes[3].at).toBe('2026-11-02T07:00');
  });

  describe('daylight saving time (Europe/Berlin, nightly at 02:00)', () => {
    const berlin = (last: string) => tenant({ timezone: 'Europe/Berlin', nightly_at: '02:00', last_nightly_date: last });

    it('spring forward (2026-03-29: 02:00 does not exist): the pass still runs that night, once, at 03:00 CEST', () => {
      const passes = simulate(berlin('2026-03-28'), '2026-03-28T22:00:00Z', '2026-03-30T21:59:00Z');
      expect(passes.map((p) => p.runDate)).toEqual(['2026-03-29', '2026-03-30']);
      expect(passes[0].at).toBe('2026-03-29T01:00'); // 01:59 CET is followed by 03:00 CEST
      expect(passes[1].at).toBe('2026-03-30T00:00'); // 02:00 CEST
    });

    it('fall back (2026-10-25: 02:00 happens twice): one pass, at the first 02:00', () => {
      const passes = simulate(berlin('2026-10-24'), '2026-10-24T22:00:00Z', '2026-10-26T22:59:00Z');
      expect(passes.map((p) => p.runDate)).toEqual(['2026-10-25', '2026-10-26']);
      expect(passes[0].at).toBe('2026-10-25T00:00'); // 02:00 CEST; 02:00 CET (01:00 UTC) finds it claimed
      expect(passes[1].at).toBe('2026-10-26T01:00'); // 02:00 CET
    });

    it('a nightly time inside the skipped hour (02:30) runs at the jump; inside the repeated hour, once', () => {
      const spring = simulate({ ...berlin('2026-03-28'), nightly_at: '02:30' }, '2026-03-28T22:00:00Z', '2026-03-29T21:59:00Z');
      expect(spring).toEqual([{ runDate: '2026-03-29', at: '2026-03-29T01:00', weekly: true }]);
      const autumn = simulate({ ...berlin('2026-10-24'), nightly_at: '02:30' }, '2026-10-24T22:00:00Z', '2026-10-25T21:59:00Z');
      expect(autumn).toEqual([{ runDate: '2026-10-25', at: '2026-10-25T00:30', weekly: true }]);
    });
  });

  describe('time zones far from UTC', () => {
    it('Pacific/Auckland (UTC+13 in summer): the local night falls on the previous UTC day', () => {
      // 02:00 NZDT on Sunday 22 November is 13:00 UTC on Saturday 21 November
      const passes = simulate(tenant({ timezone: 'Pacific/Auckland', last_nightly_date: '2026-11-20' }), '2026-11-20T00:00:00Z', '2026-11-22T23:59:00Z');
      expect(passes).toEqual([
        { runDate: '2026-11-21', at: '2026-11-20T13:00', weekly: false },
        { runDate: '2026-11-22', at: '2026-11-21T13:00', weekly: true },
        { runDate: '2026-11-23', at: '2026-11-22T13:00', weekly: false },
      ]);
    });

    it('Pacific/Auckland spring forward (2026-09-27, 02:00 -> 03:00): once, at the jump', () => {
      const passes = simulate(tenant({ timezone: 'Pacific/Auckland', last_nightly_date: '2026-09-26' }), '2026-09-26T11:00:00Z', '2026-09-27T10:59:00Z');
      expect(passes).toEqual([{ runDate: '2026-09-27', at: '2026-09-26T14:00', weekly: true }]);
    });

    it('America/Los_Angeles (UTC-8): the local night is the same UTC day, ten hours later', () => {
      const passes = simulate(tenant({ timezone: 'America/Los_Angeles', last_nightly_date: '2026-11-21' }), '2026-11-22T00:00:00Z', '2026-11-23T23:59:00Z');
      expect(passes).toEqual([
        { runDate: '2026-11-22', at: '2026-11-22T10:00', weekly: true },
        { runDate: '2026-11-23', at: '2026-11-23T10:00', weekly: false },
      ]);
    });

    it('a pass is due for the tenant-local date, not the UTC date', () => {
      const at = new Date('2026-11-21T23:30:00Z'); // Sunday 12:30 in Auckland, Saturday 15:30 in Los Angeles
      const due = dueTenants(
        [
          tenant({ id: 'akl', timezone: 'Pacific/Auckland', last_nightly_date: '2026-11-21' }),
          tenant({ id: 'lax', timezone: 'America/Los_Angeles', last_nightly_date: '2026-11-20' }),
        ],
        at,
      );
      expect(due).toEqual([
        { id: 'akl', runDate: '2026-11-22', weekly: true },
        { id: 'lax', runDate: '2026-11-21', weekly: false },
      ]);
    });
  });

  describe('a missed tick does not lose the night', () => {
    it('a pass at 23:59 whose tick did not run is caught up after midnight, for the night it belongs to', () => {
      const late = tenant({ timezone: 'Europe/Berlin', nightly_at: '23:59', last_nightly_date: '2026-11-20' });
      // 23:59 CET on 21 November is 22:59 UTC: that minute's tick is skipped (the process was busy)
      const passes = simulate(late, '2026-11-21T22:00:00Z', '2026-11-22T23:30:00Z', (at) => at.toISOString().startsWith('2026-11-21T22:59'));
      expect(passes).toEqual([
        { runDate: '2026-11-21', at: '2026-11-21T23:00', weekly: false },
        { runDate: '2026-11-22', at: '2026-11-22T22:59', weekly: true },
      ]);
    });

    it('before tonight’s time, an unclaimed yesterday is due; a claimed one is not', () => {
      const at = new Date('2026-11-22T06:00:00Z'); // 01:00 in New York
      expect(dueTenants([tenant({ last_nightly_date: '2026-11-20' })], at)).toEqual([{ id: 't', runDate: '2026-11-21', weekly: false }]);
      expect(dueTenants([tenant({ last_nightly_date: '2026-11-21' })], at)).toEqual([]);
    });
  });

  describe('the weekly tenant analysis', () => {
    it("goes with the pass of the tenant's Sunday, once a week", () => {
      const passes = simulate(tenant({ timezone: 'Europe/Berlin', last_nightly_date: '2026-11-15' }), '2026-11-16T00:00:00Z', '2026-11-29T23:59:00Z', (at) => at.getUTCMinutes() % 15 !== 0);
      expect(passes).toHaveLength(14);
      expect(passes.filter((p) => p.weekly).map((p) => p.runDate)).toEqual(['2026-11-22', '2026-11-29']);
    });

    it('a missed Sunday is made up at the next pass; a first pass always has it', () => {
      expect(weeklyPassDue('2026-11-21', '2026-11-23')).toBe(true); // Saturday's pass, then Monday's: Sunday was missed
      expect(weeklyPassDue('2026-11-22', '2026-11-23')).toBe(false);
      expect(weeklyPassDue('2026-11-23', '2026-11-28')).toBe(false); // Tuesday to Saturday
      expect(weeklyPassDue('2026-11-01', '2026-11-28')).toBe(true);
      expect(weeklyPassDue(null, '2026-11-25')).toBe(true);
    });
  });
});

describe('localWeekday', () => {
  it("is the weekday in the tenant's time zone", () => {
    const sundayNightUtc = new Date('2026-11-22T23:30:00Z'); // Sunday in London, already Monday in Tokyo
    expect(localWeekday('Europe/London', sundayNightUtc)).toBe(0);
    expect(localWeekday('Asia/Tokyo', sundayNightUtc)).toBe(1);
  });
});
