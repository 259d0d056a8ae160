/**
 * Ranking metrics for anomaly scores (higher score = more anomalous, label 1 = anomaly), computed the way
 * scikit-learn does, ties included.
 */

function orderDescending(scores: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  // Stable for equal scores (keeps input order), like numpy's mergesort.
  return idx.sort((a, b) => scores[b] - scores[a] || a - b);
}

function counts(labels: ArrayLike<number>): { pos: number; neg: number } {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) pos++;
  return { pos, neg: labels.length - pos };
}

/** ROC-AUC (trapezoidal over distinct thresholds, i.e. ties count one half), as sklearn.metrics.roc_auc_score. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { pos, neg } = counts(labels);
  if (pos === 0 || neg === 0) return NaN;
  const order = orderDescending(scores);
  let tp = 0;
  let area = 0;
  let i = 0;
  while (i < order.length) {
    const s = scores[order[i]];
    let dtp = 0;
    let dfp = 0;
    while (i < order.length && scores[order[i]] === s) {
      if (labels[order[i]]) dtp++;
      else dfp++;
      i++;
    }
    area += dfp * (tp + dtp / 2);
    tp += dtp;
  }
  return area / (pos * neg);
}

/** Average precision without interpolation: sum over thresholds of (R_n - R_{n-1}) P_n, as sklearn. */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { pos } = counts(labels);
  if (pos === 0) return NaN;
  const order = orderDescending(scores);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let i = 0;
  while (i < order.length) {
    const s = scores[order[i]];
    let dtp = 0;
    while (i < order.length && scores[order[i]] === s) {
      if (labels[order[i]]) dtp++;
      seen++;
      i++;
    }
    tp += dtp;
    ap += (dtp / pos) * (tp / seen);
  }
  return ap;
}

/** Precision among the k highest scores (k defaults to the number of positives). */
export function precisionAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k = counts(labels).pos): number {
  if (k <= 0) return NaN;
  const order = orderDescending(scores);
  let hits = 0;
  const n = Math.min(k, order.length);
  for (let i = 0; i < n; i++) if (labels[order[i]]) hits++;
  return hits / k;
}

/** Recall among the k highest scores, optionally restricted to positives selected by `subset`. */
export function recallAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k: number, subset?: (i: number) => boolean): number {
  const order = orderDescending(scores);
  let total = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] && (!subset || subset(i))) total++;
  if (total === 0) return NaN;
  let hits = 0;
  const n = Math.min(k, order.length);
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (labels[i] && (!subset || subset(i))) hits++;
  }
  return hits / total;
}
