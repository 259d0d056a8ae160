import * as fs from 'node:fs';
import * as path from 'node:path';
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
});
