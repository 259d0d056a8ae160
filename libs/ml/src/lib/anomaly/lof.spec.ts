import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRng } from '../common/rng';
import { toMatrix } from '../common/matrix';
import { fitLof, scoreLof } from './lof';

interface LofFixture {
  X: number[][];
  cases: { n_neighbors: number; lof: number[] }[];
  novelty: { train: number[][]; test: number[][]; lof: number[] };
}
const fx: LofFixture = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), '../shared/fixtures/ml/lof.json'), 'utf8'));

function maxRelError(actual: ArrayLike<number>, expected: number[]): number {
  let worst = 0;
  expected.forEach((e, i) => (worst = Math.max(worst, Math.abs(actual[i] - e) / Math.max(1e-12, Math.abs(e)))));
  return worst;
}

describe('LOF agrees with scikit-learn (lof.json)', () => {
  it.each(fx.cases.map((c) => [c.n_neighbors, c] as const))('outlier mode, k = %i', (_k, c) => {
    const { scores } = fitLof(toMatrix(fx.X), c.n_neighbors);
    expect(scores).toHaveLength(fx.X.length);
    expect(maxRelError(scores, c.lof)).toBeLessThan(1e-9);
  });

  it('novelty mode, k = 20 (fit on train, score test)', () => {
    const { model } = fitLof(toMatrix(fx.novelty.train), 20);
    const scores = scoreLof(model, toMatrix(fx.novelty.test));
    expect(maxRelError(scores, fx.novelty.lof)).toBeLessThan(1e-9);
  });

  it('an isolated point gets a far larger LOF than points in a cluster', () => {
    const pts = [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [10, 10]];
    const { scores } = fitLof(toMatrix(pts), 3);
    expect(scores[5]).toBeGreaterThan(3);
    expect(Math.max(...Array.from(scores.subarray(0, 5)))).toBeLessThan(1.5);
  });

  it('with exact ties (duplicate rows), an odd row count and a column count not a multiple of the unrolling, equals the textbook computation', () => {
    const rng = createRng(9);
    // Integer grid points: many rows at exactly the same distance from a row, of different local densities.
    const pts = Array.from({ length: 61 }, () => [rng.int(0, 4), rng.int(0, 4), rng.int(0, 1)]);
    const k = 5;
    // Reference: every other row sorted by distance then index, the first k are the neighbours.
    const sq = (a: number[], b: number[]) => a.reduce((s, v, c) => s + (v - b[c]) ** 2, 0);
    const nbrs = pts.map((p, i) =>
      pts
        .map((q, j) => ({ j, s: sq(p, q) }))
        .filter((x) => x.j !== i)
        .sort((x, y) => x.s - y.s || x.j - y.j)
        .slice(0, k)
        .map((x) => ({ j: x.j, d: Math.sqrt(x.s) })),
    );
    const kDistance = nbrs.map((l) => l[k - 1].d);
    const lrd = nbrs.map((l) => 1 / (l.reduce((s, { j, d }) => s + Math.max(d, kDistance[j]), 0) / k + 1e-10));
    const lof = nbrs.map((l, i) => l.reduce((s, { j }) => s + lrd[j] / lrd[i], 0) / k);
    const { model, scores } = fitLof(toMatrix(pts), k);
    expect(Array.from(model.kDistance)).toEqual(kDistance);
    expect(Array.from(model.lrd)).toEqual(lrd);
    expect(Array.from(scores)).toEqual(lof);
  });
});
