/**
 * Seasonality test and classical decomposition (as used by the M3/M4 Theta benchmarks and by
 * R's forecast::thetaf): a 90% test on the seasonal autocorrelation, then a centred moving average
 * and per-position seasonal indices. Multiplicative when the series is strictly positive, additive
 * otherwise (spending series can contain zero months).
 */

export function acf(y: ArrayLike<number>, maxLag: number): Float64Array {
  const n = y.length;
  let mu = 0;
  for (let i = 0; i < n; i++) mu += y[i];
  mu /= n;
  let denom = 0;
  for (let i = 0; i < n; i++) denom += (y[i] - mu) * (y[i] - mu);
  const out = new Float64Array(maxLag + 1);
  out[0] = 1;
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let i = 0; i + k < n; i++) s += (y[i] - mu) * (y[i + k] - mu);
    out[k] = denom > 0 ? s / denom : 0;
  }
  return out;
}

/** True when lag-m autocorrelation is significant at 90% (two-sided, Bartlett variance); needs 3 full seasons. */
export function isSeasonal(y: ArrayLike<number>, m: number, z = 1.645): boolean {
  const n = y.length;
  if (m <= 1 || n < 3 * m) return false;
  const r = acf(y, m);
  let s = 1;
  for (let k = 1; k < m; k++) s += 2 * r[k] * r[k];
  const limit = (z * Math.sqrt(s)) / Math.sqrt(n);
  return Math.abs(r[m]) > limit;
}

export interface Deseasonalised {
  adjusted: Float64Array;
  /** Seasonal index by position (t mod m): ratios (multiplicative) or offsets (additive). */
  indices: Float64Array;
  multiplicative: boolean;
  seasonal: boolean;
  m: number;
  n: number;
}

/** Centred moving average of order m (2xm when m is even); NaN where undefined. */
export function centredMovingAverage(y: ArrayLike<number>, m: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(n).fill(NaN);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (m % 2 === 0) {
      s = 0.5 * y[t - half] + 0.5 * y[t + half];
      for (let k = -half + 1; k < half; k++) s += y[t + k];
    } else {
      for (let k = -half; k <= half; k++) s += y[t + k];
    }
    out[t] = s / m;
  }
  return out;
}

export function seasonalIndices(y: ArrayLike<number>, m: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  const trend = centredMovingAverage(y, m);
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    const tr = trend[t];
    if (!Number.isFinite(tr)) continue;
    if (multiplicative && tr <= 0) continue;
    sums[t % m] += multiplicative ? y[t] / tr : y[t] - tr;
    counts[t % m] += 1;
  }
  const idx = new Float64Array(m);
  let tot = 0;
  for (let p = 0; p < m; p++) {
    idx[p] = counts[p] > 0 ? sums[p] / counts[p] : multiplicative ? 1 : 0;
    tot += idx[p];
  }
  const avg = tot / m;
  for (let p = 0; p < m; p++) idx[p] = multiplicative ? (avg > 0 ? idx[p] / avg : 1) : idx[p] - avg;
  return idx;
}

export function deseasonalise(y: ArrayLike<number>, m: number, forceSeasonal?: boolean): Deseasonalised {
  const n = y.length;
  const seasonal = forceSeasonal ?? isSeasonal(y, m);
  let positive = true;
  for (let i = 0; i < n; i++) if (!(y[i] > 0)) positive = false;
  const adjusted = Float64Array.from(y as ArrayLike<number>);
  if (!seasonal || m <= 1 || n < 2 * m) {
    return { adjusted, indices: new Float64Array(Math.max(m, 1)).fill(positive ? 1 : 0), multiplicative: positive, seasonal: false, m, n };
  }
  const indices = seasonalIndices(y, m, positive);
  for (let t = 0; t < n; t++) adjusted[t] = positive ? y[t] / indices[t % m] : y[t] - indices[t % m];
  return { adjusted, indices, multiplicative: positive, seasonal: true, m, n };
}

/** Put the seasonal pattern back onto forecasts for steps n, n+1, ... */
export function reseasonalise(d: Deseasonalised, forecast: Float64Array): Float64Array {
  if (!d.seasonal) return forecast;
  const out = new Float64Array(forecast.length);
  for (let j = 0; j < forecast.length; j++) {
    const s = d.indices[(d.n + j) % d.m];
    out[j] = d.multiplicative ? forecast[j] * s : forecast[j] + s;
  }
  return out;
}
