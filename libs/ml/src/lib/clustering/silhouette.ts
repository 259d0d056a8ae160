import { cosine } from '../embeddings/provider';
/** Silhouette score (as sklearn.metrics.silhouette_score): mean over samples of (b - a) / max(a, b); 0 for singletons. */
export type Metric = 'euclidean' | 'cosine';

export function distance(a: ArrayLike<number>, b: ArrayLike<number>, metric: Metric): number {
  if (metric === 'euclidean') {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
    return Math.sqrt(s);
  }
  return 1 - cosine(a, b);
}

export function silhouetteSamples(X: readonly ArrayLike<number>[], labels: readonly number[], metric: Metric = 'euclidean'): Float64Array {
  const n = X.length;
  const ids = [...new Set(labels)];
  const index = new Map(ids.map((l, i) => [l, i]));
  const sizes = new Float64Array(ids.length);
  for (const l of labels) sizes[index.get(l) as number]++;
  const out = new Float64Array(n);
  const sums = new Float64Array(ids.length);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[index.get(labels[j]) as number] += distance(X[i], X[j], metric);
    const own = index.get(labels[i]) as number;
    if (sizes[own] <= 1) {
      out[i] = 0;
      continue;
    }
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < ids.length; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    out[i] = Number.isFinite(b) && Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
  }
  return out;
}

export function silhouetteScore(X: readonly ArrayLike<number>[], labels: readonly number[], metric: Metric = 'euclidean'): number {
  const s = silhouetteSamples(X, labels, metric);
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i];
  return s.length ? t / s.length : 0;
}
