import * as fs from 'node:fs';
import * as path from 'node:path';
import { jensenShannon, ksTwoSample, psi } from './stats';

const fixture = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), '../shared/fixtures/ml/drift.json'), 'utf8'));

describe('drift statistics agree with scipy', () => {
  it('Jensen-Shannon distance/divergence (base 2 and natural) and PSI', () => {
    expect(fixture.pairs.length).toBeGreaterThan(5);
    for (const c of fixture.pairs) {
      const js2 = jensenShannon(c.p, c.q, 2);
      expect(Math.abs(js2.distance - c.js_distance_base2)).toBeLessThan(1e-9);
      expect(Math.abs(js2.divergence - c.js_divergence_base2)).toBeLessThan(1e-9);
      expect(Math.abs(jensenShannon(c.p, c.q, Math.E).distance - c.js_distance_natural)).toBeLessThan(1e-9);
      expect(Math.abs(psi(c.p, c.q, 1e-6) - c['psi_eps_1e-6'])).toBeLessThan(1e-9);
    }
  });

  it('two-sample KS statistic and exact p-value', () => {
    for (const c of fixture.ks) {
      const r = ksTwoSample(c.a, c.b);
      expect(Math.abs(r.statistic - c.ks_statistic)).toBeLessThan(1e-9);
      expect(Math.abs(r.pValue - c.ks_pvalue) / c.ks_pvalue).toBeLessThan(1e-6);
    }
  });

  it('identical samples do not differ; disjoint ones do', () => {
    expect(ksTwoSample([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
    const r = ksTwoSample([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeCloseTo(2 / 252, 12);
  });
});
