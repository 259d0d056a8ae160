import {
  detectDateFormat,
  instantOfLocal,
  isIsoDate,
  isIsoMonth,
  localDateOf,
  monthInfo,
  parseCsvDate,
  parseOccurred,
  parseTimeOfDay,
} from './dates';

describe('occurredAt', () => {
  it('accepts a real local date', () => {
    expect(parseOccurred('2024-02-29')).toEqual({ ok: true, kind: 'date', date: '2024-02-29' });
  });

  it('accepts timestamps with an offset and keeps the instant', () => {
    const r = parseOccurred('2024-03-01T23:30:00-05:00');
    expect(r).toMatchObject({ ok: true, kind: 'instant' });
    expect((r as { instant: Date }).instant.toISOString()).toBe('2024-03-02T04:30:00.000Z');
    expect(parseOccurred('2024-03-01T10:00Z')).toMatchObject({ ok: true, kind: 'instant' });
    expect(parseOccurred('2024-03-01T10:00:00.123+0200')).toMatchObject({ ok: true, kind: 'instant' });
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '24-03-01', '2024-03-01T10:00:00', '2024-03-01T25:00:00Z', 'yesterday', '1800-01-01'])(
    'refuses %s',
    (value) => {
      expect(parseOccurred(value).ok).toBe(false);
    },
  );

  it('refuses non-strings', () => {
    expect(parseOccurred(20240301).ok).toBe(false);
  });
});

describe('time zones', () => {
  it('gives the local date of an instant', () => {
    const instant = new Date('2024-03-02T04:30:00Z');
    expect(localDateOf(instant, 'America/New_York')).toBe('2024-03-01');
    expect(localDateOf(instant, 'Europe/Berlin')).toBe('2024-03-02');
    expect(localDateOf(new Date('2024-12-31T23:30:00Z'), 'Pacific/Auckland')).toBe('2025-01-01');
  });

  it('turns local wall-clock time into an instant, across DST', () => {
    expect(instantOfLocal('2024-01-15', '12:00:00', 'Europe/Berlin').toISOString()).toBe('2024-01-15T11:00:00.000Z');
    expect(instantOfLocal('2024-07-15', '12:00:00', 'Europe/Berlin').toISOString()).toBe('2024-07-15T10:00:00.000Z');
    expect(instantOfLocal('2024-03-10', '12:00:00', 'America/New_York').toISOString()).toBe('2024-03-10T16:00:00.000Z');
    expect(instantOfLocal('2024-03-09', '12:00:00', 'America/New_York').toISOString()).toBe('2024-03-09T17:00:00.000Z');
  });
});

describe('calendar helpers', () => {
  it('checks dates and months', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoMonth('2024-12')).toBe(true);
    expect(isIsoMonth('2024-13')).toBe(false);
    expect(monthInfo('2024-02')).toEqual({ month: '2024-02', first: '2024-02-01', last: '2024-02-29', days: 29 });
  });
});

describe('CSV dates', () => {
  it('parses the usual formats, with or without a time', () => {
    expect(parseCsvDate('20/09/2018 12:04:08', 'DD/MM/YYYY')).toEqual({ date: '2018-09-20', time: '12:04:08' });
    expect(parseCsvDate('3/2/2022 10:11', 'MM/DD/YYYY')).toEqual({ date: '2022-03-02', time: '10:11:00' });
    expect(parseCsvDate('01.02.2024', 'DD.MM.YYYY')).toEqual({ date: '2024-02-01', time: null });
    expect(parseCsvDate('2024-02-01T07:05:00', 'YYYY-MM-DD')).toEqual({ date: '2024-02-01', time: '07:05:00' });
    expect(parseCsvDate('12 Mar 2024', 'DD MMM YYYY')).toEqual({ date: '2024-03-12', time: null });
    expect(parseCsvDate('Mar 12, 2024', 'MMM DD YYYY')).toEqual({ date: '2024-03-12', time: null });
    expect(parseCsvDate('20240312', 'YYYYMMDD')).toEqual({ date: '2024-03-12', time: null });
    expect(parseCsvDate('5/1/24 7:05 pm', 'MM/DD/YY')).toEqual({ date: '2024-05-01', time: '19:05:00' });
    expect(parseCsvDate('31/02/2024', 'DD/MM/YYYY')).toBeNull();
    expect(parseCsvDate('2024-02-01', 'DD/MM/YYYY')).toBeNull();
  });

  it('reads a time-of-day column', () => {
    expect(parseTimeOfDay('12:04')).toBe('12:04:00');
    expect(parseTimeOfDay('7:05:09 AM')).toBe('07:05:09');
    expect(parseTimeOfDay('12:00 am')).toBe('00:00:00');
    expect(parseTimeOfDay('25:00')).toBeNull();
  });

  it('detects the format from the values, preferring the locale when ambiguous', () => {
    expect(detectDateFormat(['2018-01-01', '2018-12-31'])).toBe('YYYY-MM-DD');
    expect(detectDateFormat(['01/02/2018', '25/02/2018'])).toBe('DD/MM/YYYY');
    expect(detectDateFormat(['01/02/2018', '02/25/2018'])).toBe('MM/DD/YYYY');
    expect(detectDateFormat(['01/02/2018', '03/04/2018'], 'en-US')).toBe('MM/DD/YYYY');
    expect(detectDateFormat(['01/02/2018', '03/04/2018'], 'de-DE')).toBe('DD/MM/YYYY');
    expect(detectDateFormat(['24.12.2023', '01.01.2024', 'garbage'])).toBe('DD.MM.YYYY');
    expect(detectDateFormat(['nope', 'never'])).toBeNull();
  });
});
