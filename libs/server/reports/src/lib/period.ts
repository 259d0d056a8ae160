/** A report's period: plain validation, no framework. */
import { isIsoDate, monthsOf } from '@spendguard/reports';
import { invalid } from '@spendguard/server-core';

export interface ReportPeriod {
  from: string;
  to: string;
}

/** Checks the dates, their order and the span (at most `maxMonths` calendar months). */
export function validatePeriod(from: unknown, to: unknown, maxMonths: number): ReportPeriod {
  if (typeof from !== 'string' || !isIsoDate(from)) throw invalid('from must be a date as YYYY-MM-DD');
  if (typeof to !== 'string' || !isIsoDate(to)) throw invalid('to must be a date as YYYY-MM-DD');
  if (from > to) throw invalid('from must not be after to');
  const months = monthsOf(from, to).length;
  if (months > maxMonths) throw invalid(`A report covers at most ${maxMonths} months; this period spans ${months}`);
  return { from, to };
}
