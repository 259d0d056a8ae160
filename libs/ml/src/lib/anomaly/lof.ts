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

/*
 * Neighbour search. A row's list is the first k candidates ordered by squared distance, then by index: what the
 * brute force that offers candidates in index order to a stable insertion keeps, here whatever the order in which
 * candidates arrive. Every squared distance is the plain sum over the columns in order (the root taken at the end),
 * so distances are bit for bit those of the brute force. Rows are visited in the order of their projection on the
 * data's first principal direction, four rows against two at a time (eight independent sums that share their loads),
 * so that rows visited together are alike and a row's list is seeded from rows near it. Then most pairs are dropped
 * after the first columns: a sum over the first columns never exceeds the sum over all of them (the terms are
 * non-negative and rounding is monotone), so once it exceeds the k-th distance of a row's list the pair cannot enter
 * that list. The order only affects the speed, never the lists.
 */

/** Columns after which scanBlock tests whether a block of pairs can be dropped (the amount features come first). */
const STAGE1 = 3;
const STAGE2 = 8;

/**
 * Offer candidate j (squared distance s) to row r's list. A NaN distance is never taken, and an infinite one only
 * with `withInf` (the brute-force query search took them, the self search did not).
 */
function offer(knn: Knn, fill: Int32Array, r: number, s: number, j: number, withInf: boolean): void {
  const k = knn.k;
  const base = r * k;
  const n = fill[r];
  const dist = knn.dist;
  const index = knn.index;
  const last = dist[base + k - 1];
  // Equal to the k-th distance: a full list takes it only before a larger index.
  if (!(s < last) && !(s === last && (n === k ? j < index[base + k - 1] : withInf))) return;
  let p = n < k ? n : k - 1;
  while (p > 0 && (dist[base + p - 1] > s || (dist[base + p - 1] === s && index[base + p - 1] > j))) {
    dist[base + p] = dist[base + p - 1];
    index[base + p] = index[base + p - 1];
    p--;
  }
  dist[base + p] = s;
  index[base + p] = j;
  if (n < k) fill[r] = n + 1;
}

/** Offer the pair of list rows r and j (of A and B, or of X twice when self) with squared distance s. */
function offerPair(knn: Knn, fill: Int32Array, idA: Int32Array, idB: Int32Array, r: number, j: number, s: number, self: boolean): void {
  offer(knn, fill, r, s, idB[j], !self);
  if (self) offer(knn, fill, j, s, idA[r], false);
}

/** Squared euclidean distance between the rows at offsets oa of A and ob of B, summed over the columns in order. */
function sqDist(A: Float64Array, oa: number, B: Float64Array, ob: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) {
    const t = A[oa + c] - B[ob + c];
    s += t * t;
  }
  return s;
}

/**
 * Pairs of rows a..a + 3 of A (lists a..a + 3) with rows from..to - 1 of B (d values a row), offered to A's lists
 * as candidates idB[j] and, when `self` (B is A, with lists for both), to B's lists as candidates idA[a + i]. Two
 * rows of B at a time; their eight pairs are dropped once the sums over the first STAGE1 or STAGE2 columns show
 * that each exceeds the k-th distance of its A row's list (and, when self, of its B row's list).
 */
function scanBlock(knn: Knn, fill: Int32Array, A: Float64Array, idA: Int32Array, a: number, B: Float64Array, idB: Int32Array, from: number, to: number, d: number, self: boolean): void {
  const k = knn.k;
  const dist = knn.dist;
  const o0 = a * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  const l0 = a * k + k - 1;
  const m1 = STAGE1 < d ? STAGE1 : d;
  const m2 = STAGE2 < d ? STAGE2 : d;
  let j = from;
  for (; j + 1 < to; j += 2) {
    const p = j * d;
    const q = p + d;
    const T0 = dist[l0];
    const T1 = dist[l0 + k];
    const T2 = dist[l0 + 2 * k];
    const T3 = dist[l0 + 3 * k];
    const Tp = self ? dist[j * k + k - 1] : -Infinity;
    const Tq = self ? dist[j * k + 2 * k - 1] : -Infinity;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, u0 = 0, u1 = 0, u2 = 0, u3 = 0;
    let c = 0;
    for (; c < m1; c++) {
      const x = B[p + c], y = B[q + c], x0 = A[o0 + c], x1 = A[o1 + c], x2 = A[o2 + c], x3 = A[o3 + c];
      let t = x0 - x; s0 += t * t; t = x1 - x; s1 += t * t; t = x2 - x; s2 += t * t; t = x3 - x; s3 += t * t;
      t = x0 - y; u0 += t * t; t = x1 - y; u1 += t * t; t = x2 - y; u2 += t * t; t = x3 - y; u3 += t * t;
    }
    if (s0 > T0 && s1 > T1 && s2 > T2 && s3 > T3 && u0 > T0 && u1 > T1 && u2 > T2 && u3 > T3 &&
      s0 > Tp && s1 > Tp && s2 > Tp && s3 > Tp && u0 > Tq && u1 > Tq && u2 > Tq && u3 > Tq) continue;
    for (; c < m2; c++) {
      const x = B[p + c], y = B[q + c], x0 = A[o0 + c], x1 = A[o1 + c], x2 = A[o2 + c], x3 = A[o3 + c];
      let t = x0 - x; s0 += t * t; t = x1 - x; s1 += t * t; t = x2 - x; s2 += t * t; t = x3 - x; s3 += t * t;
      t = x0 - y; u0 += t * t; t = x1 - y; u1 += t * t; t = x2 - y; u2 += t * t; t = x3 - y; u3 += t * t;
    }
    if (s0 > T0 && s1 > T1 && s2 > T2 && s3 > T3 && u0 > T0 && u1 > T1 && u2 > T2 && u3 > T3 &&
      s0 > Tp && s1 > Tp && s2 > Tp && s3 > Tp && u0 > Tq && u1 > Tq && u2 > Tq && u3 > Tq) continue;
    for (; c < d; c++) {
      const x = B[p + c], y = B[q + c], x0 = A[o0 + c], x1 = A[o1 + c], x2 = A[o2 + c], x3 = A[o3 + c];
      let t = x0 - x; s0 += t * t; t = x1 - x; s1 += t * t; t = x2 - x; s2 += t * t; t = x3 - x; s3 += t * t;
      t = x0 - y; u0 += t * t; t = x1 - y; u1 += t * t; t = x2 - y; u2 += t * t; t = x3 - y; u3 += t * t;
    }
    // The bounds read above can only have shrunk since: offer tests against the current lists.
    if (s0 <= T0 || s0 <= Tp) offerPair(knn, fill, idA, idB, a, j, s0, self);
    if (s1 <= T1 || s1 <= Tp) offerPair(knn, fill, idA, idB, a + 1, j, s1, self);
    if (s2 <= T2 || s2 <= Tp) offerPair(knn, fill, idA, idB, a + 2, j, s2, self);
    if (s3 <= T3 || s3 <= Tp) offerPair(knn, fill, idA, idB, a + 3, j, s3, self);
    if (u0 <= T0 || u0 <= Tq) offerPair(knn, fill, idA, idB, a, j + 1, u0, self);
    if (u1 <= T1 || u1 <= Tq) offerPair(knn, fill, idA, idB, a + 1, j + 1, u1, self);
    if (u2 <= T2 || u2 <= Tq) offerPair(knn, fill, idA, idB, a + 2, j + 1, u2, self);
    if (u3 <= T3 || u3 <= Tq) offerPair(knn, fill, idA, idB, a + 3, j + 1, u3, self);
  }
  if (j < to) for (let i = 0; i < 4; i++) offerPair(knn, fill, idA, idB, a + i, j, sqDist(A, o0 + i * d, B, j * d, d), self);
}

/** A unit vector along the first principal direction of X (power iteration on the covariance of a row sample). */
function principalDirection(X: Matrix): Float64Array {
  const n = X.rows;
  const d = X.cols;
  const data = X.data;
  // About 256 evenly spread rows are plenty for an ordering.
  const step = Math.max(1, Math.floor(n / 256));
  const mean = new Float64Array(d);
  let m = 0;
  for (let i = 0; i < n; i += step, m++) for (let c = 0; c < d; c++) mean[c] += data[i * d + c];
  for (let c = 0; c < d; c++) mean[c] /= m;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i += step) {
    for (let c = 0; c < d; c++) row[c] = data[i * d + c] - mean[c];
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += row[a] * row[b];
  }
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let it = 0; it < 30; it++) {
    const w = new Float64Array(d);
    let norm = 0;
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += cov[a * d + b] * v[b];
      w[a] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0 && norm < Infinity)) break;
    for (let a = 0; a < d; a++) w[a] /= norm;
    v = w;
  }
  return v;
}

function projectRows(X: Matrix, v: Float64Array): Float64Array {
  const d = X.cols;
  const proj = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += X.data[i * d + c] * v[c];
    proj[i] = s;
  }
  return proj;
}

/** Row indices by increasing projection (any consistent order would do). */
function orderBy(proj: Float64Array): Int32Array {
  const ids: number[] = [];
  for (let i = 0; i < proj.length; i++) ids.push(i);
  ids.sort((x, y) => proj[x] - proj[y] || x - y);
  return Int32Array.from(ids);
}

/** The rows of X in the given order, copied. */
function permuteRows(X: Matrix, order: Int32Array): Float64Array {
  const d = X.cols;
  const out = new Float64Array(order.length * d);
  for (let r = 0; r < order.length; r++) out.set(X.data.subarray(order[r] * d, order[r] * d + d), r * d);
  return out;
}

/** Lists kept by position in `order` moved to the original rows, with the square roots of the distances. */
function unpermute(knn: Knn, order: Int32Array): Knn {
  const k = knn.k;
  const res: Knn = { k, index: new Int32Array(knn.index.length), dist: new Float64Array(knn.dist.length) };
  for (let r = 0; r < order.length; r++) {
    const o = order[r] * k;
    for (let t = 0; t < k; t++) {
      res.index[o + t] = knn.index[r * k + t];
      res.dist[o + t] = Math.sqrt(knn.dist[r * k + t]);
    }
  }
  return res;
}

function emptyLists(rows: number, k: number): Knn {
  return { k, index: new Int32Array(rows * k), dist: new Float64Array(rows * k).fill(Infinity) };
}

/**
 * Exact k nearest neighbours of every row of X among the other rows. Every pair once, offered to both rows: first
 * the pairs within each block of four rows and with the next `seed` rows (in principal-direction order), which
 * gives every list close neighbours, then the others.
 */
function knnSelf(X: Matrix, k: number): Knn {
  const n = X.rows;
  const d = X.cols;
  const order = orderBy(projectRows(X, principalDirection(X)));
  const data = permuteRows(X, order);
  // Lists by position in `order` during the search, holding original row indices.
  const knn = emptyLists(n, k);
  const fill = new Int32Array(n);
  const seed = Math.max(k, 8);
  const blocked = n - (n % 4);
  for (let a = 0; a < blocked; a += 4) {
    for (let r = a; r < a + 3; r++) for (let j = r + 1; j < a + 4; j++) offerPair(knn, fill, order, order, r, j, sqDist(data, r * d, data, j * d, d), true);
    scanBlock(knn, fill, data, order, a, data, order, a + 4, Math.min(n, a + 4 + seed), d, true);
  }
  for (let r = blocked; r < n; r++) for (let j = r + 1; j < n; j++) offerPair(knn, fill, order, order, r, j, sqDist(data, r * d, data, j * d, d), true);
  for (let a = 0; a < blocked; a += 4) scanBlock(knn, fill, data, order, a, data, order, a + 4 + seed, n, d, true);
  return unpermute(knn, order);
}

/** First position in the ascending array whose value is not below x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Exact k nearest neighbours of each row of Q among the rows of X. Both in the order of their projection on X's
 * principal direction, four rows of Q at a time: first against the rows of X around them in that order, then the rest.
 */
function knnQuery(X: Matrix, Q: Matrix, k: number): Knn {
  const m = X.rows;
  const n = Q.rows;
  const d = X.cols;
  const v = principalDirection(X);
  const xProj = projectRows(X, v);
  const xOrder = orderBy(xProj);
  const xs = permuteRows(X, xOrder);
  const xSorted = new Float64Array(m);
  for (let r = 0; r < m; r++) xSorted[r] = xProj[xOrder[r]];
  const qProj = projectRows(Q, v);
  const qOrder = orderBy(qProj);
  const qs = permuteRows(Q, qOrder);
  const knn = emptyLists(n, k);
  const fill = new Int32Array(n);
  const seed = Math.max(k, 8);
  const blocked = n - (n % 4);
  for (let a = 0; a < blocked; a += 4) {
    const lo = Math.max(0, lowerBound(xSorted, qProj[qOrder[a]]) - seed);
    const hi = Math.min(m, Math.max(lo, lowerBound(xSorted, qProj[qOrder[a + 3]])) + seed);
    scanBlock(knn, fill, qs, qOrder, a, xs, xOrder, lo, hi, d, false);
    scanBlock(knn, fill, qs, qOrder, a, xs, xOrder, hi, m, d, false);
    scanBlock(knn, fill, qs, qOrder, a, xs, xOrder, 0, lo, d, false);
  }
  for (let r = blocked; r < n; r++) for (let j = 0; j < m; j++) offer(knn, fill, r, sqDist(qs, r * d, xs, j * d, d), xOrder[j], true);
  return unpermute(knn, qOrder);
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
