/**
 * Runs clusterVectors with ml-kmeans (ESM-only, not loadable inside jest) in a plain Node process on
 * seeded blobs and prints JSON for the spec.
 */
import { createRng } from '../common/rng';
import { clusterVectors } from './cluster';

const rng = createRng(9);
const centres = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
];
const vectors: number[][] = [];
const truth: number[] = [];
centres.forEach((c, ci) => {
  for (let i = 0; i < 15; i++) {
    vectors.push(c.map((x) => x + rng.normal(0, 0.08)));
    truth.push(ci);
  }
});
vectors.push([0, 0, 0, 1]); // an item that belongs nowhere
truth.push(-1);
const r = clusterVectors(vectors, { kMin: 2, kMax: 6, seed: 1 });
process.stdout.write(JSON.stringify({ k: r.k, silhouetteByK: r.silhouetteByK, labels: r.labels, truth, outliers: r.clusters.flatMap((c) => c.outliers), sizes: r.clusters.map((c) => c.members.length) }));
