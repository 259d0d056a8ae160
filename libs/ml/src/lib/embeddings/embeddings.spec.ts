import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { CachedEmbedder, InMemoryEmbeddingCache, cosine, meanPool, UseLiteEmbedder, type EmbeddingProvider } from './index';

const fixtures = path.resolve(process.cwd(), '../shared/models/fixtures');
const texts = ['Grocery run at the supermarket', 'NETFLIX.COM subscription', 'uber ride home', 'a much longer description of a dinner with friends at an italian restaurant downtown', 'rent'];

describe('transformers.js provider (tiny-bert-random fixture: random weights, path checks only)', () => {
  // jest cannot load the ESM-only @xenova/transformers, so the provider runs in a plain Node child process
  let out: { batch1: number[][]; batch2: number[][]; pipeline: number[][]; missingError: string };
  beforeAll(() => {
    const script = path.resolve(__dirname, 'transformers-check.ts');
    const register = path.resolve(process.cwd(), 'tools/ts-register.cjs');
    const stdout = execFileSync(process.execPath, ['-r', register, script, fixtures, 'tiny-bert-random', JSON.stringify(texts)], { encoding: 'utf8', timeout: 60000 });
    out = JSON.parse(stdout);
  });

  it('loads offline, mean-pools and L2-normalises like the feature-extraction pipeline', () => {
    expect(out.batch2).toHaveLength(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const v = out.batch2[i];
      expect(v).toHaveLength(32);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      expect(cosine(out.pipeline[i], v)).toBeGreaterThan(0.99999);
    }
  });

  it('batching and padding do not change a text vector', () => {
    for (let i = 0; i < texts.length; i++) for (let j = 0; j < 32; j++) expect(Math.abs(out.batch1[i][j] - out.batch2[i][j])).toBeLessThan(1e-5);
    // texts differ, so vectors differ (the pooling is not collapsing everything)
    expect(cosine(out.batch2[0], out.batch2[3])).toBeLessThan(0.9999);
  });

  it('fails fast for a model that is not on disk (no download)', () => {
    expect(out.missingError).not.toBe('');
  });

  it('mean pooling ignores padded positions', () => {
    const hidden = { dims: [2, 3, 2], data: Float32Array.from([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10]) };
    const mask = { dims: [2, 3], data: BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]) };
    const [a, b] = meanPool(hidden, mask);
    expect(Array.from(a)).toEqual([2, 3]);
    expect(Array.from(b)).toEqual([7, 8]);
  });
});

describe('embedding cache', () => {
  it('embeds each distinct text once per model and serves repeats from the cache', async () => {
    let calls = 0;
    const fake: EmbeddingProvider = {
      modelId: 'fake',
      embed: async (t) => {
        calls += t.length;
        return t.map((s) => Float32Array.from([s.length, 1]));
      },
    };
    const cache = new InMemoryEmbeddingCache();
    const e = new CachedEmbedder(fake, cache);
    const r = await e.embed(['a', 'bb', 'a', ' bb ']);
    expect(calls).toBe(2);
    expect(r[0]).toBe(r[2]);
    await e.embed(['a', 'ccc']);
    expect(calls).toBe(3);
    expect(cache.size).toBe(3);
    expect(e.hits).toBe(1);
  });
});

describe('Universal Sentence Encoder lite (real offline model)', () => {
  it('places related spending texts closer than unrelated ones', async () => {
    const use = new UseLiteEmbedder();
    const [groceries, supermarket, flight, airline, netflix, streaming] = await use.embed([
      'groceries',
      'supermarket shopping',
      'flight to Paris',
      'airline ticket',
      'Netflix subscription',
      'streaming service',
    ]);
    expect(groceries).toHaveLength(512);
    expect(cosine(groceries, supermarket)).toBeGreaterThan(cosine(groceries, flight) + 0.1);
    expect(cosine(airline, flight)).toBeGreaterThan(cosine(airline, netflix) + 0.1);
    expect(cosine(netflix, streaming)).toBeGreaterThan(cosine(netflix, supermarket) + 0.1);
  });
});
