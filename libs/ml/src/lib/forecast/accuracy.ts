/** Forecast accuracy measures as used in the M3/M4 competitions. */

/** Symmetric MAPE in percent: mean of 200 |y - f| / (|y| + |f|); pairs with both zero count as 0. */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(forecast[i]);
    s += d === 0 ? 0 : (200 * Math.abs(actual[i] - forecast[i])) / d;
  }
  return s / actual.length;
}

/** Mean absolute scaled error against the in-sample seasonal naive of the training data. */
export function mase(train: ArrayLike<number>, actual: ArrayLike<number>, forecast: ArrayLike<number>, m = 12): number {
  const lag = train.length > m ? m : 1;
  let d = 0;
  let c = 0;
  for (let t = lag; t < train.length; t++) {
    d += Math.abs(train[t] - train[t - lag]);
    c++;
  }
  const scale = c > 0 ? d / c : NaN;
  let e = 0;
  for (let i = 0; i < actual.length; i++) e += Math.abs(actual[i] - forecast[i]);
  return scale > 0 ? e / actual.length / scale : NaN;
}

/** Share of actuals inside [lo, hi]. */
export function coverage(actual: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lo[i] && actual[i] <= hi[i]) c++;
  return actual.length ? c / actual.length : NaN;
}
