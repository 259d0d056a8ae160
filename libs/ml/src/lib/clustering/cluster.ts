/**
 * Semantic clustering of category names / descriptions: k-means (ml-kmeans, k-means++ seeded) for each
 * k in a range, k chosen by the cosine silhouette; outliers are members much farther from their centroid
 * than the cluster's own members usually are (robust z-score), so a tight cluster may have none.
 */
import { mad, median } from '../common/stats';
import { cosine } from '../embeddings/provider';
import { nativeRequire } from '../embeddings/provider';
import { silhouetteScore } from './silhouette';

export type KMeansFn = (data: number[][], k: number, seed: number) => { clusters: number[]; centroids: number[][] };

/** ml-kmeans (ESM-only, loaded through Node's own require). */
export const mlKMeans: KMeansFn = (data, k, seed) => {
  const { kmeans } = nativeRequire('ml-kmeans') as { kmeans: (d: number[][], k: number, o: object) => { clusters: number[]; centroids: number[][] } };
  const r = kmeans(data, k, { seed, initialization: 'kmeans++', maxIterations: 100 });
  return { clusters: r.clusters, centroids: r.centroids };
};

export interface ClusterOptions {
  kMin?: number;
  kMax?: number;
  seed?: number;
  /** Robust z below which a member counts as an outlier (default -3.5: MAD-scaled similarity to the centroid). */
  outlierZ?: number;
  /** Members below this cosine to their centroid are outliers whatever the cluster (default 0.2). */
  minSimilarity?: number;
  kmeans?: KMeansFn;
}

export interface Cluster {
  id: number;
  members: number[];
  /** Indices of members that do not fit the cluster. */
  outliers: number[];
  /** Member closest to the centroid (a readable label). */
  medoid: number;
  cohesion: number;
}

export interface Clustering {
  k: number;
  silhouette: number;
  silhouetteByK: { k: number; silhouette: number }[];
  labels: number[];
  clusters: Cluster[];
}

export function clusterVectors(vectors: readonly Float32Array[] | readonly number[][], options: ClusterOptions = {}): Clustering {
  const data = vectors.map((v) => Array.from(v));
  const n = data.length;
  const km = options.kmeans ?? mlKMeans;
  const kMin = Math.max(2, options.kMin ?? 2);
  const kMax = Math.min(options.kMax ?? 12, n - 1);
  const byK: { k: number; silhouette: number; labels: number[]; centroids: number[][] }[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const r = km(data, k, options.seed ?? 42);
    byK.push({ k, silhouette: silhouetteScore(data, r.clusters, 'cosine'), labels: r.clusters, centroids: r.centroids });
  }
  if (!byK.length) {
    const labels = data.map(() => 0);
    return { k: 1, silhouette: 0, silhouetteByK: [], labels, clusters: n ? [describe(data, labels, 0, mean(data), options)] : [] };
  }
  const best = byK.reduce((a, b) => (b.silhouette > a.silhouette + 1e-12 ? b : a));
  const clusters = best.centroids.map((c, id) => describe(data, best.labels, id, c, options)).filter((c) => c.members.length > 0);
  return { k: best.k, silhouette: best.silhouette, silhouetteByK: byK.map(({ k, silhouette }) => ({ k, silhouette })), labels: best.labels, clusters };
}

function mean(data: number[][]): number[] {
  const m = new Array(data[0]?.length ?? 0).fill(0);
  for (const v of data) for (let i = 0; i < v.length; i++) m[i] += v[i] / data.length;
  return m;
}

function describe(data: number[][], labels: number[], id: number, centroid: number[], options: ClusterOptions): Cluster {
  const members = labels.map((l, i) => (l === id ? i : -1)).filter((i) => i >= 0);
  const sims = members.map((i) => cosine(data[i], centroid));
  const med = median(sims);
  const spread = Math.max(mad(sims, med), 0.02);
  const z = options.outlierZ ?? -3.5;
  const floor = options.minSimilarity ?? 0.2;
  // a cluster of one is itself an outlier: nothing else resembles it
  const outliers = members.length === 1 ? [...members] : members.length >= 3 ? members.filter((_, j) => (sims[j] - med) / spread < z || sims[j] < floor) : [];
  let medoid = members[0] ?? -1;
  let bestSim = -Infinity;
  members.forEach((m, j) => {
    if (sims[j] > bestSim) [bestSim, medoid] = [sims[j], m];
  });
  return { id, members, outliers, medoid, cohesion: sims.length ? sims.reduce((a, b) => a + b, 0) / sims.length : 0 };
}

export interface CategoryProfile {
  name: string;
  /** Example descriptions of expenses filed under it (optional). */
  descriptions?: string[];
  /** Precomputed embeddings: of the name, and of each description. */
  nameVector: Float32Array;
  descriptionVectors?: Float32Array[];
}

export interface MergeSuggestion {
  a: string;
  b: string;
  similarity: number;
  /** Each is the other's nearest category. */
  mutual: boolean;
}

/**
 * Categories whose centroids (name plus descriptions, weighted equally) are close, e.g. "Supermarket"
 * and "Groceries". Pairs need similarity >= minSimilarity and to be mutual nearest neighbours
 * (unless the similarity is at least `strongSimilarity`).
 */
export function mergeSuggestions(categories: readonly CategoryProfile[], options: { minSimilarity?: number; strongSimilarity?: number } = {}): MergeSuggestion[] {
  const minSim = options.minSimilarity ?? 0.45;
  const strong = options.strongSimilarity ?? 0.8;
  const centroids = categories.map((c) => {
    const v = Array.from(c.nameVector);
    const d = c.descriptionVectors ?? [];
    if (d.length) {
      const m = new Array(v.length).fill(0);
      for (const x of d) for (let i = 0; i < v.length; i++) m[i] += x[i] / d.length;
      for (let i = 0; i < v.length; i++) v[i] = 0.5 * v[i] + 0.5 * m[i];
    }
    return v;
  });
  const n = categories.length;
  const sim = (i: number, j: number) => cosine(centroids[i], centroids[j]);
  const nearest = centroids.map((_, i) => {
    let best = -1;
    let s = -Infinity;
    for (let j = 0; j < n; j++) if (j !== i && sim(i, j) > s) [s, best] = [sim(i, j), j];
    return best;
  });
  const out: MergeSuggestion[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = sim(i, j);
      const mutual = nearest[i] === j && nearest[j] === i;
      if (s >= minSim && (mutual || s >= strong)) out.push({ a: categories[i].name, b: categories[j].name, similarity: s, mutual });
    }
  return out.sort((x, y) => y.similarity - x.similarity);
}
