import { applyScaler, fitRobustScaler } from './scaler';
import { extractFeatures, normaliseKey, sortByTime, type TransactionInput } from './features';
import { fitIsolationForest, scoreIsolationForest } from './iforest';

/**
 * Baseline 1: robust z-score of the log amount against the customer's own category (median / MAD over the whole
 * history; |z|). The "obvious" rule an analyst would write first.
 */
export function robustZBaseline(history: readonly TransactionInput[]): Float64Array {
  const groups = new Map<string, number[]>();
  history.forEach((t, i) => {
    const k = normaliseKey(t.category) || 'uncategorised';
    const g = groups.get(k) ?? [];
    g.push(i);
    groups.set(k, g);
  });
  const out = new Float64Array(history.length);
  for (const idx of groups.values()) {
    const xs = idx.map((i) => Math.log1p(Math.abs(history[i].amount))).sort((a, b) => a - b);
    const med = xs[Math.floor((xs.length - 1) / 2)] / 2 + xs[Math.ceil((xs.length - 1) / 2)] / 2;
    const dev = xs.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
    const mad = 1.4826 * (dev[Math.floor((dev.length - 1) / 2)] / 2 + dev[Math.ceil((dev.length - 1) / 2)] / 2);
    for (const i of idx) out[i] = Math.abs(Math.log1p(Math.abs(history[i].amount)) - med) / Math.max(mad, 0.05);
  }
  return out;
}

/** Baseline 2: Isolation Forest on the same robust-scaled transaction features as the detectors (input order). */
export function isolationForestBaseline(history: readonly TransactionInput[], seed: number | string = 1): Float64Array {
  const order = sortByTime(history);
  const fs = extractFeatures(order.map((i) => history[i]));
  const m = { rows: fs.rows, cols: fs.cols, data: fs.data };
  const X = applyScaler(fitRobustScaler(m), m, 8);
  const scores = scoreIsolationForest(fitIsolationForest(X, { seed }), X);
  const out = new Float64Array(history.length);
  order.forEach((orig, pos) => (out[orig] = scores[pos]));
  return out;
}
