/**
 * Current-month projection from the days elapsed and the customer's own intra-month spending
 * pattern, and budget-overrun probabilities / alerts from a prediction interval.
 */
import { mean as avg, quantile, std } from '../common/stats';
import { normalCdf, normalQuantile } from '../common/optimize';
import type { ForecastPoint } from './select';

export interface MonthProjectionInput {
  /** Spend per elapsed day of the current month (index 0 = day 1). */
  dailySpendSoFar: number[];
  /** Days elapsed (default: dailySpendSoFar.length). */
  daysElapsed?: number;
  daysInMonth: number;
  /** Past complete months as spend per day (the customer's daily pattern), oldest first. */
  history: number[][];
  /** Forecast of this month's total (from forecastSeries), anchoring the level of the remaining spend. */
  forecast?: ForecastPoint;
  /** Interval coverage (default 0.8). */
  level?: number;
}

export interface MonthProjection {
  spentSoFar: number;
  projected: number;
  low: number;
  high: number;
  level: number;
  /** Typical share of a month's spend made by this day, from the customer's history. */
  expectedShareByNow: number;
  /** Months of history behind the projection. */
  months: number;
  lowConfidence: boolean;
  method: 'history-scenarios' | 'history-normal' | 'linear-pace';
}

function cumulativeAt(days: number[], day: number): number {
  let s = 0;
  const whole = Math.floor(day);
  for (let i = 0; i < Math.min(whole, days.length); i++) s += days[i];
  const frac = day - whole;
  if (frac > 0 && whole < days.length) s += frac * days[whole];
  return s;
}

/** Project the month's total: spend so far plus the remaining spend the customer's past months show after this day. */
export function projectMonth(input: MonthProjectionInput): MonthProjection {
  const level = input.level ?? 0.8;
  const D = input.daysInMonth;
  const d = Math.min(D, input.daysElapsed ?? input.dailySpendSoFar.length);
  const spent = cumulativeAt(input.dailySpendSoFar, d);
  const months = input.history.filter((m) => m.length > 0);
  const z = normalQuantile(0.5 + level / 2);

  if (months.length === 0) {
    const pace = d > 0 ? (spent / d) * D : 0;
    const projected = input.forecast ? (d / D) * pace + (1 - d / D) * (spent + input.forecast.mean * (1 - d / D)) : pace;
    const spread = input.forecast ? ((input.forecast.hi - input.forecast.lo) / 2) * (1 - d / D) : projected * 0.5 * (1 - d / D);
    return {
      spentSoFar: spent,
      projected,
      low: Math.max(spent, projected - spread),
      high: projected + spread,
      level,
      expectedShareByNow: d / D,
      months: 0,
      lowConfidence: true,
      method: 'linear-pace',
    };
  }

  const totals: number[] = [];
  const shares: number[] = [];
  const remaining: number[] = [];
  for (const m of months) {
    const total = m.reduce((a, b) => a + b, 0);
    const dd = (d * m.length) / D; // same fraction of that month
    const cum = cumulativeAt(m, dd);
    totals.push(total);
    shares.push(total > 0 ? cum / total : d / D);
    remaining.push(total - cum);
  }
  const meanTotal = avg(totals);
  const share = Math.min(1, Math.max(0, avg(shares)));
  const expectedLevel = input.forecast?.mean ?? meanTotal;
  const levelScale = meanTotal > 0 ? expectedLevel / meanTotal : 1;
  // pace: how far ahead of / behind the usual cumulative spend this month is, trusted in proportion to the share observed
  const expectedCum = expectedLevel * share;
  const pace = expectedCum > 0 ? spent / expectedCum : 1;
  const paceWeight = share;
  const scale = levelScale * (paceWeight * Math.min(pace, 3) + (1 - paceWeight));
  const scenarios = remaining.map((r) => spent + Math.max(0, r) * scale);
  const projected = avg(scenarios);

  const forecastSd = input.forecast ? Math.max(0, input.forecast.hi - input.forecast.lo) / (2 * z) : 0;
  if (scenarios.length >= 6) {
    let low = quantile(scenarios, (1 - level) / 2);
    let high = quantile(scenarios, (1 + level) / 2);
    // never narrower than the forecast's own uncertainty about the part of the month still to come
    const minHalf = z * forecastSd * (1 - share);
    low = Math.min(low, projected - minHalf);
    high = Math.max(high, projected + minHalf);
    return { spentSoFar: spent, projected, low: Math.max(spent, low), high, level, expectedShareByNow: share, months: months.length, lowConfidence: false, method: 'history-scenarios' };
  }
  const sd = Math.max(scenarios.length > 1 ? std(scenarios, 1) : 0, forecastSd * (1 - share), projected * 0.15 * (1 - share));
  return {
    spentSoFar: spent,
    projected,
    low: Math.max(spent, projected - z * sd),
    high: projected + z * sd,
    level,
    expectedShareByNow: share,
    months: months.length,
    lowConfidence: months.length < 3,
    method: 'history-normal',
  };
}

export interface IntervalEstimate {
  mean: number;
  lo: number;
  hi: number;
  /** Coverage of [lo, hi] (default 0.8). */
  level?: number;
  /** Spend already certain (e.g. spent so far this month): the total cannot fall below it. */
  floor?: number;
}

/**
 * Probability that the outcome exceeds the budget under a two-piece normal whose median is the point
 * forecast and whose quantiles match the interval ends exactly (different spread below and above,
 * so skewed intervals stay skewed).
 */
export function overrunProbability(estimate: IntervalEstimate, budget: number): number {
  const level = estimate.level ?? 0.8;
  if (estimate.floor !== undefined && estimate.floor > budget) return 1;
  const z = normalQuantile(0.5 + level / 2);
  const mu = estimate.mean;
  const sLo = Math.max((mu - estimate.lo) / z, 1e-9 * Math.max(1, Math.abs(mu)));
  const sHi = Math.max((estimate.hi - mu) / z, 1e-9 * Math.max(1, Math.abs(mu)));
  const cdf = budget < mu ? normalCdf((budget - mu) / sLo) : normalCdf((budget - mu) / sHi);
  return Math.min(1, Math.max(0, 1 - cdf));
}

export interface BudgetAssessment {
  budget: number;
  probability: number;
  alert: boolean;
  severity: 'none' | 'low' | 'medium' | 'high';
  reason: string;
}

/**
 * Alert only when the interval says so with confidence: the lower bound is above the budget, or the
 * overrun probability reaches `minProbability` (default 0.8).
 */
export function assessBudget(estimate: IntervalEstimate, budget: number, minProbability = 0.8): BudgetAssessment {
  const p = overrunProbability(estimate, budget);
  const lowerOver = estimate.lo > budget || (estimate.floor !== undefined && estimate.floor > budget);
  const alert = budget > 0 && (lowerOver || p >= minProbability);
  const excess = budget > 0 ? estimate.mean / budget - 1 : 0;
  let severity: BudgetAssessment['severity'] = 'none';
  if (alert) severity = lowerOver && excess >= 0.2 ? 'high' : lowerOver || p >= 0.9 ? 'medium' : 'low';
  const pct = Math.round(p * 100);
  const reason = alert
    ? lowerOver
      ? `even the low end of the ${Math.round((estimate.level ?? 0.8) * 100)}% range (${estimate.lo.toFixed(2)}) is over the budget of ${budget.toFixed(2)}`
      : `${pct}% probability of exceeding the budget of ${budget.toFixed(2)}`
    : `${pct}% probability of exceeding the budget: not confident enough to alert`;
  return { budget, probability: p, alert, severity, reason };
}
