import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UseLiteEmbedder } from '../embeddings';
import { mergeSuggestions, silhouetteScore } from './index';

const fixture = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), '../shared/fixtures/ml/silhouette.json'), 'utf8'));

describe('clustering', () => {
  it('silhouette agrees with scikit-learn (euclidean and cosine)', () => {
    expect(fixture.cases.length).toBeGreaterThan(1);
    for (const c of fixture.cases) {
      expect(Math.abs(silhouetteScore(fixture.X, c.labels, 'euclidean') - c.euclidean)).toBeLessThan(1e-9);
      expect(Math.abs(silhouetteScore(fixture.X, c.labels, 'cosine') - c.cosine)).toBeLessThan(1e-9);
    }
  });

  it('k-means (ml-kmeans) with k by silhouette recovers blobs and labels the stray item an outlier', () => {
    // ml-kmeans is ESM-only and cannot be loaded inside jest: run in a plain Node process
    const out = JSON.parse(
      execFileSync(process.execPath, ['-r', path.resolve(process.cwd(), 'tools/ts-register.cjs'), path.resolve(__dirname, 'clustering-check.ts')], { encoding: 'utf8', timeout: 60000 }),
    );
    const big = (out.sizes as number[]).filter((s) => s >= 10);
    expect(big).toEqual([15, 15, 15]);
    expect(out.outliers).toEqual([45]);
    // every blob maps to exactly one cluster
    for (let b = 0; b < 3; b++) expect(new Set(out.labels.slice(b * 15, b * 15 + 15)).size).toBe(1);
  });

  it('suggests merging categories that mean the same thing, not unrelated ones', async () => {
    const use = new UseLiteEmbedder();
    const names = ['Supermarket', 'Groceries', 'Flights', 'Air travel', 'Streaming', 'Rent'];
    const vecs = await use.embed(names);
    const s = mergeSuggestions(names.map((name, i) => ({ name, nameVector: vecs[i] })));
    const pairs = s.map((x) => [x.a, x.b].sort().join('+'));
    expect(pairs).toContain('Groceries+Supermarket');
    expect(pairs).toContain('Air travel+Flights');
    expect(pairs.some((p) => p.includes('Rent'))).toBe(false);
  });
});
