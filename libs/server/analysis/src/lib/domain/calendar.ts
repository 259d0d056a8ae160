/** Calendar arithmetic on local dates ('YYYY-MM-DD') and months ('YYYY-MM'), done in UTC so it never shifts. */

const DAY_MS = 86_400_000;

/** Days since the epoch of a 'YYYY-MM-DD' date (or the date part of 'YYYY-MM-DDTHH:mm:ss'). */
export function dayIndex(date: string): number {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayIndex(date) + days);
}

/** 'YYYY-MM' of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Months since year 0 (for arithmetic). */
export function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return y * 12 + (m - 1);
}

export function monthOfIndex(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

export function addMonths(month: string, k: number): string {
  return monthOfIndex(monthIndex(month) + k);
}

/** Months from `from` to `to` inclusive (empty when from > to). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthOfIndex(i));
  return out;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Day of the month (1-based) of a date. */
export function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}
