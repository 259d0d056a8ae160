/** Small, allocation-conscious descriptive statistics shared by the detectors and forecasters. */

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/** Variance with `ddof` degrees of freedom removed (0 = population, 1 = sample). */
export function variance(values: ArrayLike<number>, ddof = 0): number {
  const n = values.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i] - m) ** 2;
  return s / (n - ddof);
}

export function std(values: ArrayLike<number>, ddof = 0): number {
  return Math.sqrt(variance(values, ddof));
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(values as ArrayLike<number>);
  copy.sort();
  return copy;
}

/** Quantile with linear interpolation between order statistics (numpy's default, "linear"). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return sorted[0];
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedCopy(values), q);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * Median absolute deviation, scaled by 1.4826 so that it estimates the standard deviation
 * of normally distributed data.
 */
export function mad(values: ArrayLike<number>, center = median(values)): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - center);
  return 1.4826 * median(dev);
}

/** Robust z-score of x against a sample: (x - median) / MAD, with a floor on the scale. */
export function robustZ(x: number, center: number, scale: number, minScale = 1e-9): number {
  return (x - center) / Math.max(scale, minScale);
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Round half away from zero to `digits` decimals (for money-like outputs). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.sign(x) * Math.round(Math.abs(x) * f + Number.EPSILON) / f;
}
