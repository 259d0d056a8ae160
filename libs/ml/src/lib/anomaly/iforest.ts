import { createRng } from '../common/rng';
import type { Matrix } from '../common/matrix';

/**
 * Isolation Forest (Liu, Ting & Zhou 2008), seeded: 100 trees on sub-samples of 256 rows, random feature and
 * split; score s(x) = 2^(-E[h(x)] / c(psi)) in (0, 1], higher = more anomalous (scikit-learn's -score_samples).
 */
export interface IsolationForestOptions {
  trees?: number;
  sampleSize?: number;
  seed?: number | string;
}

interface Node {
  feature: number;
  split: number;
  left: Node | null;
  right: Node | null;
  size: number;
}

const EULER = 0.5772156649;
function c(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

export interface IsolationForest {
  trees: Node[];
  sampleSize: number;
}

export function fitIsolationForest(X: Matrix, options: IsolationForestOptions = {}): IsolationForest {
  const rng = createRng(options.seed ?? 1);
  const psi = Math.min(options.sampleSize ?? 256, X.rows);
  const maxDepth = Math.ceil(Math.log2(Math.max(2, psi)));
  const d = X.cols;
  const build = (idx: number[], depth: number): Node => {
    if (depth >= maxDepth || idx.length <= 1) return { feature: -1, split: 0, left: null, right: null, size: idx.length };
    // Pick a feature with spread (a few attempts), then a uniform split inside its range.
    for (let attempt = 0; attempt < 8; attempt++) {
      const f = rng.int(0, d - 1);
      let lo = Infinity;
      let hi = -Infinity;
      for (const i of idx) {
        const v = X.data[i * d + f];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi > lo) {
        const split = lo + (hi - lo) * rng.next();
        const l: number[] = [];
        const r: number[] = [];
        for (const i of idx) (X.data[i * d + f] < split ? l : r).push(i);
        return { feature: f, split, left: build(l, depth + 1), right: build(r, depth + 1), size: idx.length };
      }
    }
    return { feature: -1, split: 0, left: null, right: null, size: idx.length };
  };
  const all = Array.from({ length: X.rows }, (_, i) => i);
  const trees: Node[] = [];
  for (let t = 0; t < (options.trees ?? 100); t++) trees.push(build(rng.shuffle(all.slice()).slice(0, psi), 0));
  return { trees, sampleSize: psi };
}

export function scoreIsolationForest(forest: IsolationForest, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  const d = X.cols;
  const cn = c(forest.sampleSize);
  for (let i = 0; i < X.rows; i++) {
    let total = 0;
    for (const tree of forest.trees) {
      let node = tree;
      let depth = 0;
      while (node.left && node.right) {
        node = X.data[i * d + node.feature] < node.split ? node.left : node.right;
        depth++;
      }
      total += depth + c(node.size);
    }
    out[i] = Math.pow(2, -(total / forest.trees.length) / (cn || 1));
  }
  return out;
}
