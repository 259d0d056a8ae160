/**
 * Distribution-shift statistics, matching scipy: Jensen-Shannon (scipy.spatial.distance.jensenshannon),
 * PSI with an epsilon, and the two-sample Kolmogorov-Smirnov test (scipy.stats.ks_2samp, exact
 * two-sided p-value by lattice-path counting, asymptotic only for very large samples).
 */

function normalise(p: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i];
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = s > 0 ? p[i] / s : 0;
  return out;
}

export interface JensenShannon {
  /** sqrt of the divergence (scipy's jensenshannon). */
  distance: number;
  divergence: number;
}

/** Jensen-Shannon between two (unnormalised) distributions; base 2 bounds the divergence to [0, 1]. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, base = 2): JensenShannon {
  if (p.length !== q.length) throw new Error('jensenShannon: distributions differ in length');
  const a = normalise(p);
  const b = normalise(q);
  let div = 0;
  for (let i = 0; i < a.length; i++) {
    const m = (a[i] + b[i]) / 2;
    if (a[i] > 0) div += 0.5 * a[i] * Math.log(a[i] / m);
    if (b[i] > 0) div += 0.5 * b[i] * Math.log(b[i] / m);
  }
  div = Math.max(0, div / Math.log(base));
  return { distance: Math.sqrt(div), divergence: div };
}

/** Population stability index: sum((p - q) ln((p + eps) / (q + eps))) on shares. */
export function psi(p: ArrayLike<number>, q: ArrayLike<number>, eps = 1e-6): number {
  if (p.length !== q.length) throw new Error('psi: distributions differ in length');
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - q[i]) * Math.log((p[i] + eps) / (q[i] + eps));
  return s;
}

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Two-sided two-sample Kolmogorov-Smirnov test. */
export function ksTwoSample(sample1: ArrayLike<number>, sample2: ArrayLike<number>, maxExactCells = 4e6): KsResult {
  const a = Float64Array.from(sample1 as ArrayLike<number>).sort();
  const b = Float64Array.from(sample2 as ArrayLike<number>).sort();
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { statistic: NaN, pValue: NaN, method: 'exact' };
  // D = max |F1 - F2| evaluated at every observation (right-continuous ECDFs)
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= x) i++;
    while (j < n2 && b[j] <= x) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const dq = h / lcm;
  if (h === 0) return { statistic: dq, pValue: 1, method: 'exact' };
  if (n1 * n2 <= maxExactCells) {
    return { statistic: dq, pValue: Math.min(1, Math.max(0, exactOutsideProbability(n1, n2, h * g))), method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  const lambda = (Math.sqrt(en) + 0.12 + 0.11 / Math.sqrt(en)) * dq;
  let p = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    p += term;
    if (Math.abs(term) < 1e-16) break;
  }
  return { statistic: dq, pValue: Math.min(1, Math.max(0, p)), method: 'asymptotic' };
}

/**
 * Probability that a uniformly random monotone lattice path from (0,0) to (m,n) touches the region
 * |x n - y m| >= bound, i.e. P(D >= d). Tracks the exited mass directly (no 1 - p cancellation).
 */
function exactOutsideProbability(m: number, n: number, bound: number): number {
  // column over y for the current x
  let prev = new Float64Array(n + 1);
  let cur = new Float64Array(n + 1);
  for (let y = 0; y <= n; y++) prev[y] = y === 0 ? 0 : Math.abs(-y * m) >= bound ? 1 : prev[y - 1];
  for (let x = 1; x <= m; x++) {
    for (let y = 0; y <= n; y++) {
      if (Math.abs(x * n - y * m) >= bound) {
        cur[y] = 1;
      } else if (y === 0) {
        cur[y] = prev[0];
      } else {
        cur[y] = (prev[y] * x + cur[y - 1] * y) / (x + y);
      }
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}
