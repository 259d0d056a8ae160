import type { Matrix } from '../common/matrix';

/**
 * Local Outlier Factor (Breunig et al. 2000) exactly as scikit-learn computes it with algorithm='brute' and the
 * euclidean metric: exactly k neighbours (self excluded in outlier mode), reach-dist(a, b) = max(k-dist(b), d(a, b)),
 * lrd(a) = 1 / (mean reach-dist + 1e-10), LOF(a) = mean over neighbours b of lrd(b) / lrd(a).
 * Scores are LOF values (about 1 for inliers, larger for outliers), i.e. scikit-learn's -negative_outlier_factor_
 * and -score_samples.
 */
export interface LofModel {
  k: number;
  X: Matrix;
  /** Distance of each training point to its k-th neighbour. */
  kDistance: Float64Array;
  /** Local reachability density of each training point. */
  lrd: Float64Array;
}

interface Knn {
  k: number;
  /** n x k neighbour indices, nearest first. */
  index: Int32Array;
  /** n x k distances (euclidean), nearest first. */
  dist: Float64Array;
}

/** Insert (d, j) into row r of a sorted k-list if it beats the current k-th entry. */
function offer(knn: Knn, fill: Int32Array, r: number, d: number, j: number): void {
  const k = knn.k;
  const base = r * k;
  const n = fill[r];
  const dist = knn.dist;
  const index = knn.index;
  if (n === k && d >= dist[base + k - 1]) return;
  let p = n < k ? n : k - 1;
  // Strictly greater moves right, so equal distances keep the earlier index first (stable, like argsort).
  while (p > 0 && dist[base + p - 1] > d) {
    dist[base + p] = dist[base + p - 1];
    index[base + p] = index[base + p - 1];
    p--;
  }
  dist[base + p] = d;
  index[base + p] = j;
  if (n < k) fill[r] = n + 1;
}

/** Squared euclidean distance between the rows at offsets oi and oj, summed over the columns in order. */
function sqDistAt(data: Float64Array, oi: number, oj: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) {
    const t = data[oi + c] - data[oj + c];
    s += t * t;
  }
  return s;
}

/**
 * Exact k nearest neighbours of every row of X among the other rows (brute force, symmetric pass). Rows are taken
 * two at a time so that each other row's values are loaded once for both; every distance is still the plain sum
 * over the columns in order, and every row still receives its candidates in increasing index order (offer keeps
 * the earlier index first among equal distances), so the lists are those of the simple double loop.
 */
function knnSelf(X: Matrix, k: number): Knn {
  const n = X.rows;
  const d = X.cols;
  const data = X.data;
  const knn: Knn = { k, index: new Int32Array(n * k), dist: new Float64Array(n * k).fill(Infinity) };
  const fill = new Int32Array(n);
  const dist = knn.dist;
  // Squared distances are compared and stored, and roots taken at the end. A row's k-list is Infinity-filled until
  // full, so `s < k-th` is offer's own rejection test for a full list and true otherwise: offer is rarely called.
  for (let a = 0; a + 1 < n; a += 2) {
    const b = a + 1;
    const oa = a * d;
    const ob = b * d;
    const lastA = a * k + k - 1;
    const lastB = b * k + k - 1;
    const sab = sqDistAt(data, oa, ob, d);
    if (sab < dist[lastA]) offer(knn, fill, a, sab, b);
    if (sab < dist[lastB]) offer(knn, fill, b, sab, a);
    for (let j = a + 2; j < n; j++) {
      const oj = j * d;
      let sa = 0;
      let sb = 0;
      let c = 0;
      for (; c + 1 < d; c += 2) {
        const x0 = data[oj + c];
        const x1 = data[oj + c + 1];
        const ta0 = data[oa + c] - x0;
        const tb0 = data[ob + c] - x0;
        const ta1 = data[oa + c + 1] - x1;
        const tb1 = data[ob + c + 1] - x1;
        sa += ta0 * ta0;
        sb += tb0 * tb0;
        sa += ta1 * ta1;
        sb += tb1 * tb1;
      }
      if (c < d) {
        const x = data[oj + c];
        const ta = data[oa + c] - x;
        const tb = data[ob + c] - x;
        sa += ta * ta;
        sb += tb * tb;
      }
      if (sa < dist[lastA]) offer(knn, fill, a, sa, j);
      if (sb < dist[lastB]) offer(knn, fill, b, sb, j);
      const lastJ = j * k + k - 1;
      if (sa < dist[lastJ]) offer(knn, fill, j, sa, a);
      if (sb < dist[lastJ]) offer(knn, fill, j, sb, b);
    }
  }
  for (let i = 0; i < knn.dist.length; i++) knn.dist[i] = Math.sqrt(knn.dist[i]);
  return knn;
}

/** Exact k nearest neighbours of each row of Q among the rows of X. */
function knnQuery(X: Matrix, Q: Matrix, k: number): Knn {
  const n = Q.rows;
  const d = X.cols;
  const xd = X.data;
  const qd = Q.data;
  const knn: Knn = { k, index: new Int32Array(n * k), dist: new Float64Array(n * k).fill(Infinity) };
  const fill = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const last = i * k + k - 1;
    for (let j = 0; j < X.rows; j++) {
      const oj = j * d;
      // Partial distance: stop summing once the candidate cannot enter the k-list (exact, not approximate).
      const worst = knn.dist[last];
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = qd[oi + c] - xd[oj + c];
        s += t * t;
        if (s > worst) break;
      }
      if (s <= worst) offer(knn, fill, i, s, j);
    }
  }
  for (let i = 0; i < knn.dist.length; i++) knn.dist[i] = Math.sqrt(knn.dist[i]);
  return knn;
}

function lrdOf(knn: Knn, kDistance: Float64Array, rows: number): Float64Array {
  const k = knn.k;
  const lrd = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let t = 0; t < k; t++) {
      const j = knn.index[i * k + t];
      const d = knn.dist[i * k + t];
      const kd = kDistance[j];
      s += d > kd ? d : kd;
    }
    lrd[i] = 1 / (s / k + 1e-10);
  }
  return lrd;
}

function lofOf(knn: Knn, lrdTrain: Float64Array, lrdQuery: Float64Array): Float64Array {
  const k = knn.k;
  const out = new Float64Array(lrdQuery.length);
  for (let i = 0; i < lrdQuery.length; i++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += lrdTrain[knn.index[i * k + t]] / lrdQuery[i];
    out[i] = s / k;
  }
  return out;
}

/** Fit LOF on X (outlier mode) and return the model and the LOF value of each training row. */
export function fitLof(X: Matrix, nNeighbors = 20): { model: LofModel; scores: Float64Array } {
  if (X.rows < 2) throw new Error('LOF needs at least two rows');
  const k = Math.max(1, Math.min(nNeighbors, X.rows - 1));
  const knn = knnSelf(X, k);
  const kDistance = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) kDistance[i] = knn.dist[i * k + k - 1];
  const lrd = lrdOf(knn, kDistance, X.rows);
  return { model: { k, X, kDistance, lrd }, scores: lofOf(knn, lrd, lrd) };
}

/** Novelty mode: LOF value of new rows against a fitted model (scikit-learn's -score_samples with novelty=True). */
export function scoreLof(model: LofModel, Q: Matrix): Float64Array {
  if (Q.cols !== model.X.cols) throw new Error(`expected ${model.X.cols} columns, got ${Q.cols}`);
  const knn = knnQuery(model.X, Q, model.k);
  const lrdQ = lrdOf(knn, model.kDistance, Q.rows);
  return lofOf(knn, model.lrd, lrdQ);
}
