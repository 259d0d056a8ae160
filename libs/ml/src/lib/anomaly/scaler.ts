import { median, quantileSorted } from '../common/stats';
import type { Matrix } from '../common/matrix';

/** A per-column affine transform x' = (x - center) / scale, serialisable as plain JSON. */
export interface Scaler {
  kind: 'standard' | 'robust';
  center: number[];
  scale: number[];
}

function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

/** StandardScaler: mean and population standard deviation (scale 1 for constant columns, as scikit-learn). */
export function fitStandardScaler(m: Matrix): Scaler {
  const center: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    const c = column(m, j);
    let mu = 0;
    for (let i = 0; i < c.length; i++) mu += c[i];
    mu /= c.length;
    // Two-pass with compensation, as numpy's var: sum of squared deviations minus the (tiny) mean correction.
    let s2 = 0;
    let s1 = 0;
    for (let i = 0; i < c.length; i++) {
      const d = c[i] - mu;
      s2 += d * d;
      s1 += d;
    }
    const variance = (s2 - (s1 * s1) / c.length) / c.length;
    const sd = Math.sqrt(Math.max(variance, 0));
    center.push(mu);
    scale.push(sd < 10 * Number.EPSILON * Math.max(1, Math.abs(mu)) ? 1 : sd);
  }
  return { kind: 'standard', center, scale };
}

/**
 * RobustScaler: median and interquartile range (scikit-learn's defaults, quantile range 25-75). Columns with
 * a zero IQR (mostly-constant indicators) fall back to 1.4826 * MAD, then to the standard deviation, then to 1,
 * so that rare non-zero values stay large instead of exploding.
 */
export function fitRobustScaler(m: Matrix): Scaler {
  const center: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    const c = column(m, j);
    // One sort per column for the median and both quartiles (the same order statistics median() and quantile() take).
    const sorted = Float64Array.from(c).sort();
    const med = quantileSorted(sorted, 0.5);
    let s = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
    if (!(s > 1e-12)) {
      const dev = new Float64Array(c.length);
      for (let i = 0; i < c.length; i++) dev[i] = Math.abs(c[i] - med);
      s = 1.4826 * median(dev);
    }
    if (!(s > 1e-12)) {
      let mu = 0;
      for (let i = 0; i < c.length; i++) mu += c[i];
      mu /= c.length || 1;
      let v = 0;
      for (let i = 0; i < c.length; i++) v += (c[i] - mu) ** 2;
      s = Math.sqrt(v / (c.length || 1));
    }
    center.push(med);
    scale.push(s > 1e-12 ? s : 1);
  }
  return { kind: 'robust', center, scale };
}

export function applyScaler(scaler: Scaler, m: Matrix, clip = Infinity): Matrix {
  const out = new Float64Array(m.data.length);
  const d = m.cols;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < d; j++) {
      const v = (m.data[i * d + j] - scaler.center[j]) / scaler.scale[j];
      out[i * d + j] = v > clip ? clip : v < -clip ? -clip : v;
    }
  }
  return { rows: m.rows, cols: d, data: out };
}
