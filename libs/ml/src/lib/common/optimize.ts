/**
 * Derivative-free minimisation (Nelder-Mead simplex) for small parameter vectors, used to fit
 * exponential-smoothing models. Works on unconstrained parameters; callers map them into their
 * admissible region (e.g. through a logistic transform).
 */
export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the spread of objective values across the simplex falls below this (relative). */
  tolerance?: number;
  /** Initial step per coordinate. */
  step?: number | number[];
}

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

export function nelderMead(
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const maxIter = options.maxIterations ?? 200 * n;
  const tol = options.tolerance ?? 1e-8;
  const simplex: Float64Array[] = [];
  const values = new Float64Array(n + 1);
  const first = Float64Array.from(start);
  simplex.push(first);
  values[0] = objective(first);
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(start);
    const step = Array.isArray(options.step) ? options.step[i] : (options.step as number | undefined) ?? 0.5;
    p[i] += step;
    simplex.push(p);
    values[i + 1] = objective(p);
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    order.sort((a, b) => values[a] - values[b]);
    const best = order[0];
    const worst = order[n];
    const second = order[n - 1];
    const fBest = values[best];
    const fWorst = values[worst];
    if (Math.abs(fWorst - fBest) <= tol * (Math.abs(fBest) + tol)) break;
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const p = simplex[order[k]];
      for (let i = 0; i < n; i++) centroid[i] += p[i] / n;
    }
    const w = simplex[worst];
    for (let i = 0; i < n; i++) xr[i] = centroid[i] + (centroid[i] - w[i]);
    const fr = objective(xr);
    if (fr < fBest) {
      for (let i = 0; i < n; i++) xe[i] = centroid[i] + 2 * (centroid[i] - w[i]);
      const fe = objective(xe);
      if (fe < fr) {
        w.set(xe);
        values[worst] = fe;
      } else {
        w.set(xr);
        values[worst] = fr;
      }
      continue;
    }
    if (fr < values[second]) {
      w.set(xr);
      values[worst] = fr;
      continue;
    }
    const outside = fr < fWorst;
    for (let i = 0; i < n; i++) xc[i] = outside ? centroid[i] + 0.5 * (xr[i] - centroid[i]) : centroid[i] + 0.5 * (w[i] - centroid[i]);
    const fc = objective(xc);
    if (fc < (outside ? fr : fWorst)) {
      w.set(xc);
      values[worst] = fc;
      continue;
    }
    const b = simplex[best];
    for (let k = 1; k <= n; k++) {
      const p = simplex[order[k]];
      for (let i = 0; i < n; i++) p[i] = b[i] + 0.5 * (p[i] - b[i]);
      values[order[k]] = objective(p);
    }
  }
  let bi = 0;
  for (let k = 1; k <= n; k++) if (values[k] < values[bi]) bi = k;
  return { x: Float64Array.from(simplex[bi]), value: values[bi], iterations: iter };
}

/** Golden-section search for the minimum of a unimodal function on [lo, hi]. */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, tol = 1e-5, maxIter = 100): { x: number; value: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < maxIter && b - a > tol; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, value: fc } : { x: d, value: fd };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
