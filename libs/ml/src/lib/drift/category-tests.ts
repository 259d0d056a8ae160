/**
 * Per-category tests behind the drift alarm, each judging the recent window against the customer's own
 * history (no population thresholds): a robust location test on log amounts (the same purchases at
 * clearly higher prices or bigger baskets) and a robust z on log spend against the customer's own
 * 30-day windows, centred on the same season a year earlier when there is one.
 */
import { clamp, mad, median } from '../common/stats';

export interface AmountShift {
  /** Estimated log ratio of recent to usual amounts (median deviation of the recent log amounts from their references). */
  shift: number;
  /** exp(shift). */
  ratio: number;
  /** sqrt(n) times the mean winsorised standardised deviation: roughly standard normal when the recent amounts are drawn like the history. */
  z: number;
  /** Mean robust spread (MAD) of the references' log amounts, each floored at `minScale`. */
  scale: number;
  n: number;
}

/**
 * Robust shift of recent amounts on the log scale, each purchase standardised (median, MAD) against its
 * own reference (e.g. the same merchant's earlier amounts) and winsorised at +-`clip` so that one large
 * purchase cannot carry the test; z grows with sqrt(n). Matching by reference means that a mixture of
 * small and large purchases in one category (a coffee and a dinner) does not drown a shift of all of
 * them. The scale of each reference is its MAD, floored at `minScale`; `logOffset` is subtracted from
 * every recent log amount first (a seasonal lift).
 */
export function matchedLogShift(items: readonly { amount: number; reference: readonly number[] }[], minScale = 0.1, clip = 3, logOffset = 0): AmountShift {
  let sd = 0;
  let scales = 0;
  const raw: number[] = [];
  for (const it of items) {
    const ref = it.reference.filter((a) => a > 0).map(Math.log);
    if (!ref.length || !(it.amount > 0)) continue;
    const centre = median(ref);
    const scale = Math.max(mad(ref, centre), minScale);
    const dev = Math.log(it.amount) - logOffset - centre;
    sd += clamp(dev / scale, -clip, clip);
    scales += scale;
    raw.push(dev);
  }
  const n = raw.length;
  if (!n) return { shift: 0, ratio: 1, z: 0, scale: minScale, n: 0 };
  // the size of the shift: the median deviation (unclipped, so a doubling reads as 2x however tight the
  // reference; the median keeps one outlier from setting it)
  const shift = median(raw);
  return { shift, ratio: Math.exp(shift), z: (sd / n) * Math.sqrt(n), scale: scales / n, n };
}

/**
 * How much higher (log scale) purchases were in a season than usual: the median over the season's
 * purchases of log(amount) minus the median log amount of the same reference (merchant) over all history.
 * 0 without at least `minItems` purchases.
 */
export function seasonalLogLift(items: readonly { amount: number; reference: readonly number[] }[], minItems = 5): number {
  const d: number[] = [];
  for (const it of items) {
    const ref = it.reference.filter((a) => a > 0).map(Math.log);
    if (ref.length && it.amount > 0) d.push(Math.log(it.amount) - median(ref));
  }
  return d.length >= minItems ? median(d) : 0;
}

export interface LevelZ {
  z: number;
  centre: number;
  scale: number;
  seasonal: boolean;
}

/**
 * Robust z of log(value + offset) against log(window + offset) of the customer's own 30-day windows:
 * centred on the median of the same-season windows when at least `minSeasonal` are given (else of all
 * windows), scaled by the MAD of all windows (the customer's pooled month-to-month variability),
 * floored at `minScale`.
 */
export function logLevelZ(value: number, windows: readonly number[], seasonalWindows: readonly number[], offset: number, minScale = 0.1, minSeasonal = 5): LevelZ {
  const f = (v: number) => Math.log(Math.max(v, 0) + offset);
  if (!windows.length) return { z: 0, centre: f(0), scale: minScale, seasonal: false };
  const all = windows.map(f);
  const seasonal = seasonalWindows.length >= minSeasonal;
  const centre = seasonal ? median(seasonalWindows.map(f)) : median(all);
  const scale = Math.max(mad(all, median(all)), minScale);
  return { z: (f(value) - centre) / scale, centre, scale, seasonal };
}
