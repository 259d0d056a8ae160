import { createRng, mad, median, quantile, std, variance } from './index';

describe('stats', () => {
  it('quantiles interpolate linearly like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('MAD estimates the standard deviation of normal data', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 20000 }, () => rng.normal(10, 2));
    expect(mad(xs)).toBeGreaterThan(1.9);
    expect(mad(xs)).toBeLessThan(2.1);
    expect(std(xs)).toBeCloseTo(Math.sqrt(variance(xs)), 12);
  });

  it('seeded generators repeat exactly and forks are independent', () => {
    const a = createRng('seed');
    const b = createRng('seed');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    const f1 = createRng(1).fork('x');
    const f2 = createRng(1).fork('y');
    expect(f1.next()).not.toBe(f2.next());
  });
});
