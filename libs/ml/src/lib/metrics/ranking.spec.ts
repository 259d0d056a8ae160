import * as path from 'node:path';
import * as fs from 'node:fs';
import { averagePrecision, precisionAtK, recallAtK, rocAuc } from './ranking';

interface Case { labels: number[]; scores: number[]; roc_auc: number; average_precision: number; precision_at_n_positives: number }
const fixture: { cases: Case[] } = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), '../shared/fixtures/ml/metrics.json'), 'utf8'));

describe('ranking metrics agree with scikit-learn (metrics.json)', () => {
  it.each(fixture.cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    expect(Math.abs(rocAuc(c.labels, c.scores) - c.roc_auc)).toBeLessThan(1e-12);
    expect(Math.abs(averagePrecision(c.labels, c.scores) - c.average_precision)).toBeLessThan(1e-12);
    expect(Math.abs(precisionAtK(c.labels, c.scores) - c.precision_at_n_positives)).toBeLessThan(1e-12);
  });

  it('counts tied scores as half-correct and perfect rankings as 1', () => {
    expect(rocAuc([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 1, 0, 0], [4, 3, 2, 1])).toBe(1);
    expect(averagePrecision([1, 1, 0, 0], [4, 3, 2, 1])).toBe(1);
    expect(averagePrecision([0, 1], [2, 1])).toBe(0.5);
    expect(recallAtK([1, 0, 1, 0], [4, 3, 2, 1], 2)).toBe(0.5);
  });
});
