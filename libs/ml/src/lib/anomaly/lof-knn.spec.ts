import { createRng, type Rng } from '../common/rng';
import { toMatrix } from '../common/matrix';
import { fitLof, scoreLof } from './lof';

/**
 * The neighbour search visits rows in its own order and drops pairs early; whatever it does, fitLof and scoreLof
 * must equal, bit for bit, the textbook computation on the brute-force neighbours (every other row sorted by the
 * squared distance summed over the columns in order, then by index). The inputs are large enough for the blocked
 * search and full of exact ties: integer grids, duplicated rows, queries that are training rows.
 */
function sq(a: number[], b: number[]): number {
  let s = 0;
  for (let c = 0; c < a.length; c++) {
    const t = a[c] - b[c];
    s += t * t;
  }
  return s;
}

function neighbours(train: number[][], q: number[], k: number, skip: number): { j: number; d: number }[] {
  return train
    .map((p, j) => ({ j, s: sq(q, p) }))
    .filter((x) => x.j !== skip)
    .sort((x, y) => x.s - y.s || x.j - y.j)
    .slice(0, k)
    .map((x) => ({ j: x.j, d: Math.sqrt(x.s) }));
}

function lrdFrom(nbrs: { j: number; d: number }[][], kDistance: number[], k: number): number[] {
  return nbrs.map((l) => 1 / (l.reduce((s, { j, d }) => s + Math.max(d, kDistance[j]), 0) / k + 1e-10));
}

function textbook(train: number[][], queries: number[][], k: number) {
  const nbrs = train.map((p, i) => neighbours(train, p, k, i));
  const kDistance = nbrs.map((l) => l[k - 1].d);
  const lrd = lrdFrom(nbrs, kDistance, k);
  const scores = nbrs.map((l, i) => l.reduce((s, { j }) => s + lrd[j] / lrd[i], 0) / k);
  const qNbrs = queries.map((q) => neighbours(train, q, k, -1));
  const qLrd = lrdFrom(qNbrs, kDistance, k);
  const novelty = qNbrs.map((l, i) => l.reduce((s, { j }) => s + lrd[j] / qLrd[i], 0) / k);
  return { kDistance, lrd, scores, novelty };
}

type Kind = 'grid' | 'duplicates' | 'features';

function rows(rng: Rng, n: number, d: number, kind: Kind): number[][] {
  const protos = Array.from({ length: 6 }, () => Array.from({ length: d }, () => rng.int(-2, 2)));
  const out = Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, c) => {
      if (kind === 'grid') return rng.int(0, 3);
      if (kind === 'duplicates') return protos[i % protos.length][c] + (rng.chance(0.3) ? rng.int(0, 1) / 2 : 0);
      // Standardized-feature-like: a few wide continuous columns first, then binary and coarse ones.
      return c < 3 ? Math.round(rng.normal() * 40) / 8 : c % 3 === 0 ? rng.int(0, 1) : Math.round(rng.normal() * 4) / 4;
    }),
  );
  // Exact copies of other rows.
  for (let t = 0; t < n / 6; t++) out[rng.int(0, n - 1)] = [...out[rng.int(0, n - 1)]];
  return out;
}

describe('LOF neighbour search equals the brute force exactly', () => {
  const cases: [number, number, number, Kind][] = [
    [2, 3, 1, 'grid'],
    [7, 2, 6, 'grid'],
    [61, 3, 5, 'grid'],
    [150, 1, 20, 'grid'],
    [203, 16, 20, 'features'],
    [257, 5, 20, 'duplicates'],
    [300, 16, 20, 'grid'],
    [331, 13, 7, 'features'],
    [96, 16, 95, 'duplicates'],
  ];
  it.each(cases)('n = %i, d = %i, k = %i, %s rows', (n, d, k, kind) => {
    const rng = createRng(n * 100 + d);
    const train = rows(rng, n, d, kind);
    const queries = rows(rng, 97, d, kind);
    for (let t = 0; t < 30; t++) queries[rng.int(0, queries.length - 1)] = [...train[rng.int(0, n - 1)]];
    const want = textbook(train, queries, k);
    const { model, scores } = fitLof(toMatrix(train), k);
    expect(model.k).toBe(k);
    expect(Array.from(model.kDistance)).toEqual(want.kDistance);
    expect(Array.from(model.lrd)).toEqual(want.lrd);
    expect(Array.from(scores)).toEqual(want.scores);
    expect(Array.from(scoreLof(model, toMatrix(queries)))).toEqual(want.novelty);
  });
});
