/**
 * The month-end pace projection for budgets: spending so far extrapolated at the month's average daily pace,
 * with an 80% interval from the day-to-day variation (a normal approximation on the remaining days' sum).
 * Works in integer cents; results are rounded to cents.
 */
export interface PaceInput {
  /** Spending per elapsed day of the month (index 0 = the 1st), in cents. */
  dailyCents: readonly number[];
  daysInMonth: number;
  daysElapsed: number;
}

export interface PaceResult {
  projectedCents: number;
  lowCents: number;
  highCents: number;
}

const Z80 = 1.2815515655446004;

export function paceProjection({ dailyCents, daysInMonth, daysElapsed }: PaceInput): PaceResult | null {
  if (daysElapsed <= 0) return null;
  const elapsed = Math.min(daysElapsed, daysInMonth);
  const days = Array.from({ length: elapsed }, (_, i) => dailyCents[i] ?? 0);
  const spent = days.reduce((a, b) => a + b, 0);
  const remaining = daysInMonth - elapsed;
  if (remaining === 0) return { projectedCents: spent, lowCents: spent, highCents: spent };
  const mean = spent / elapsed;
  const variance = elapsed > 1 ? days.reduce((a, d) => a + (d - mean) ** 2, 0) / (elapsed - 1) : mean * mean;
  const projected = spent + mean * remaining;
  const spread = Z80 * Math.sqrt(variance * remaining);
  return {
    projectedCents: Math.round(projected),
    lowCents: Math.round(Math.max(spent, projected - spread)),
    highCents: Math.round(projected + spread),
  };
}
