import { logLevelZ, matchedLogShift, seasonalLogLift } from './category-tests';

const around = (centre: number, n: number, spread = 0.1) => Array.from({ length: n }, (_, i) => centre * Math.exp(spread * Math.sin(i * 1.7)));

describe('matchedLogShift', () => {
  it('finds doubled amounts against the same references, and nothing when amounts are as usual', () => {
    const ref = around(50, 40);
    const doubled = matchedLogShift([100, 104, 96, 101].map((amount) => ({ amount, reference: ref })));
    expect(doubled.ratio).toBeGreaterThan(1.8);
    expect(doubled.z).toBeGreaterThan(4);
    const usual = matchedLogShift([50, 52, 48, 51].map((amount) => ({ amount, reference: ref })));
    expect(Math.abs(usual.z)).toBeLessThan(1);
    expect(usual.ratio).toBeCloseTo(1, 1);
  });

  it('matches each purchase with its own reference, so a mix of coffees and dinners does not hide a doubling', () => {
    const coffee = around(5, 30);
    const dinner = around(80, 30);
    // doubled prices, but more coffees than usual: pooled amounts would look lower, matched ones are 2x
    const items = [10, 10.4, 9.8, 10.2, 160].map((amount) => ({ amount, reference: amount < 50 ? coffee : dinner }));
    const m = matchedLogShift(items);
    expect(m.ratio).toBeGreaterThan(1.7);
    expect(m.z).toBeGreaterThan(3);
  });

  it('winsorises, so one huge purchase among usual ones cannot carry the test', () => {
    const ref = around(40, 40, 0.3);
    const items = [40, 38, 43, 41, 4000].map((amount) => ({ amount, reference: ref }));
    expect(matchedLogShift(items).z).toBeLessThan(2.5);
    expect(matchedLogShift(items, 0.1, 100).z).toBeGreaterThan(2.5);
    expect(matchedLogShift(items).ratio).toBeLessThan(1.1);
  });

  it('subtracts a seasonal lift before testing', () => {
    const ref = around(50, 40);
    const items = [60, 61, 59, 60, 62].map((amount) => ({ amount, reference: ref }));
    expect(matchedLogShift(items).z).toBeGreaterThan(2.5);
    expect(Math.abs(matchedLogShift(items, 0.1, 3, Math.log(1.2)).z)).toBeLessThan(1);
  });
});

describe('seasonalLogLift', () => {
  it('measures how much higher the same purchases were in the season', () => {
    const ref = around(50, 40);
    const season = [60, 61, 59, 60, 62, 58].map((amount) => ({ amount, reference: ref }));
    expect(seasonalLogLift(season)).toBeCloseTo(Math.log(1.2), 1);
    expect(seasonalLogLift(season.slice(0, 3))).toBe(0);
  });
});

describe('logLevelZ', () => {
  const windows = around(300, 60, 0.1);
  it('is near 0 for usual spend and large for doubled spend', () => {
    expect(Math.abs(logLevelZ(300, windows, [], 10).z)).toBeLessThan(1);
    expect(logLevelZ(600, windows, [], 10).z).toBeGreaterThan(4);
  });

  it('centres on the same-season windows when there are enough of them', () => {
    const winter = around(450, 6, 0.05);
    const z = logLevelZ(460, [...windows, ...winter], winter, 10);
    expect(z.seasonal).toBe(true);
    expect(Math.abs(z.z)).toBeLessThan(1);
    expect(logLevelZ(460, [...windows, ...winter], winter.slice(0, 4), 10).seasonal).toBe(false);
    expect(logLevelZ(460, [...windows, ...winter], winter.slice(0, 4), 10).z).toBeGreaterThan(1);
  });
});
