import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRng } from '../common';
import {
  assessBudget,
  coverage,
  deseasonalise,
  fitSes,
  forecastPanel,
  forecastSeries,
  holtWintersForecast,
  isSeasonal,
  overrunProbability,
  projectMonth,
  seasonalNaiveForecast,
  smape,
  thetaForecast,
  tsbForecast,
  type PanelRow,
} from './index';

function seasonalSeries(n: number, seed: number, noise = 0.05): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, t) => (100 + 0.8 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) * (1 + rng.normal(0, noise)));
}

describe('decomposition and models', () => {
  it('detects seasonality at 90% and not in white noise', () => {
    expect(isSeasonal(seasonalSeries(72, 1), 12)).toBe(true);
    const rng = createRng(2);
    expect(isSeasonal(Array.from({ length: 72 }, () => 100 + rng.normal(0, 5)), 12)).toBe(false);
    const d = deseasonalise(seasonalSeries(72, 1), 12);
    expect(d.multiplicative).toBe(true);
    const meanIdx = d.indices.reduce((a, b) => a + b, 0) / 12;
    expect(meanIdx).toBeCloseTo(1, 10);
  });

  it('SES with the closed-form initial level is not beaten by a grid of alphas', () => {
    const y = seasonalSeries(40, 3, 0.2).map((v, i) => v / (1 + 0.3 * Math.sin((2 * Math.PI * i) / 12)));
    const fit = fitSes(y);
    for (const a of [0.05, 0.2, 0.5, 0.8, 0.99]) {
      // brute-force SSE for alpha a with the level started at each of a few values
      for (const l0 of [y[0], 100, 130]) {
        let l = l0;
        let sse = 0;
        for (const v of y) {
          sse += (v - l) ** 2;
          l += a * (v - l);
        }
        expect(fit.sse).toBeLessThanOrEqual(sse + 1e-6);
      }
    }
  });

  it('Theta and Holt-Winters follow trend and season of a clean series', () => {
    const y = seasonalSeries(96, 4, 0.01);
    const truth = seasonalSeries(114, 4, 0).slice(96);
    const d = deseasonalise(y, 12);
    const theta = thetaForecast(d.adjusted, 18).map((v, j) => v * d.indices[(96 + j) % 12]);
    expect(smape(truth, theta)).toBeLessThan(4);
    const hw = holtWintersForecast(y, 18, 12, 'M');
    expect(hw).not.toBeNull();
    expect(smape(truth, hw as Float64Array)).toBeLessThan(4);
    expect(smape(truth, seasonalNaiveForecast(y, 18, 12))).toBeGreaterThan(smape(truth, theta));
  });

  it('TSB decays after a category stops', () => {
    const y = [0, 50, 0, 0, 60, 0, 55, 0, 0, 0, 0, 0, 0, 0, 0];
    const active = tsbForecast(y.slice(0, 7), 1)[0];
    expect(tsbForecast(y, 1)[0]).toBeLessThan(active);
  });
});

describe('forecastSeries', () => {
  it('falls back to SES with low confidence on short histories', () => {
    const r = forecastSeries([100, 120, 90, 110, 105, 98], { horizon: 3 });
    expect(r.lowConfidence).toBe(true);
    expect(r.model).toBe('ses');
    expect(r.forecast).toHaveLength(3);
    for (const p of r.forecast) expect(p.lo).toBeLessThanOrEqual(p.mean);
    expect(r.forecast[2].hi - r.forecast[2].lo).toBeGreaterThan(0);
  });

  it('chooses by backtest and gives intervals that widen with the horizon', () => {
    const r = forecastSeries(seasonalSeries(84, 5, 0.05), { horizon: 12 });
    expect(r.lowConfidence).toBe(false);
    expect(r.backtest?.origins).toBeGreaterThanOrEqual(3);
    expect(r.backtest?.relativeToSeasonalNaive).not.toBeNull();
    const w0 = r.forecast[0].hi - r.forecast[0].lo;
    const w11 = r.forecast[11].hi - r.forecast[11].lo;
    expect(w11).toBeGreaterThan(w0);
    for (const p of r.forecast) {
      expect(p.lo).toBeLessThanOrEqual(p.mean);
      expect(p.hi).toBeGreaterThanOrEqual(p.mean);
    }
  });

  it('80% intervals cover roughly 80% on simulated seasonal random walks', () => {
    const rng = createRng(11);
    let hits = 0;
    let n = 0;
    for (let s = 0; s < 40; s++) {
      let level = 100;
      const y: number[] = [];
      for (let t = 0; t < 78; t++) {
        level *= 1 + rng.normal(0.002, 0.02);
        y.push(level * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 12)) * (1 + rng.normal(0, 0.05)));
      }
      const r = forecastSeries(y.slice(0, 60), { horizon: 18 });
      const test = y.slice(60);
      hits += coverage(test, r.forecast.map((p) => p.lo), r.forecast.map((p) => p.hi)) * 18;
      n += 18;
    }
    expect(hits / n).toBeGreaterThan(0.65);
    expect(hits / n).toBeLessThan(0.95);
  });

  it('beats seasonal naive on a handful of real M3 series', () => {
    const file = path.resolve(process.cwd(), '../shared/datasets/m3_monthly/m3_monthly_long.csv');
    const text = fs.readFileSync(file, 'utf8').split('\n').slice(1, 4000);
    const rows: PanelRow[] = text
      .filter((l) => l.trim())
      .map((l) => l.split(','))
      .map((c) => ({ seriesId: c[0], period: c[2], value: Number(c[4]), split: c[5] as 'train' | 'test' }));
    const ids = [...new Set(rows.map((r) => r.seriesId))].slice(0, 25);
    const subset = rows.filter((r) => ids.includes(r.seriesId));
    const res = forecastPanel(subset, { seasonPeriod: 12 });
    let snaive = 0;
    for (const id of ids) {
      const s = subset.filter((r) => r.seriesId === id);
      const train = s.filter((r) => r.split === 'train').map((r) => r.value as number);
      const test = s.filter((r) => r.split === 'test').map((r) => r.value as number);
      snaive += smape(test, seasonalNaiveForecast(train, test.length, 12)) / ids.length;
    }
    expect(res.metrics.smape).not.toBeNull();
    expect(res.metrics.smape as number).toBeLessThan(snaive);
    expect(res.series[0].forecast[0]).toEqual(expect.objectContaining({ period: expect.any(String), lo80: expect.any(Number) }));
  });
});

describe('month projection and budgets', () => {
  const daily = (pattern: (d: number) => number, days = 30) => Array.from({ length: days }, (_, d) => pattern(d));

  it('uses the customer daily pattern: front-loaded rent is not extrapolated linearly', () => {
    const history = Array.from({ length: 8 }, () => daily((d) => (d === 0 ? 1000 : 20)));
    const p = projectMonth({ dailySpendSoFar: daily((d) => (d === 0 ? 1000 : 20), 5), daysInMonth: 30, history });
    const truth = 1000 + 29 * 20;
    expect(Math.abs(p.projected - truth) / truth).toBeLessThan(0.05);
    const linear = ((1000 + 4 * 20) / 5) * 30;
    expect(linear).toBeGreaterThan(truth * 3);
    expect(p.low).toBeLessThanOrEqual(p.projected);
    expect(p.high).toBeGreaterThanOrEqual(p.projected);
    expect(p.expectedShareByNow).toBeGreaterThan(0.6);
  });

  it('scales up when this month runs ahead of the usual pace', () => {
    const rng = createRng(3);
    const history = Array.from({ length: 8 }, () => daily(() => 30 + rng.normal(0, 5)));
    const normal = projectMonth({ dailySpendSoFar: daily(() => 30, 15), daysInMonth: 30, history });
    const heavy = projectMonth({ dailySpendSoFar: daily(() => 60, 15), daysInMonth: 30, history });
    expect(normal.projected).toBeGreaterThan(800);
    expect(normal.projected).toBeLessThan(1000);
    expect(heavy.projected).toBeGreaterThan(normal.projected + 600);
  });

  it('overrun probability follows the interval and alerts only with confidence', () => {
    expect(overrunProbability({ mean: 100, lo: 80, hi: 120 }, 100)).toBeCloseTo(0.5, 6);
    expect(overrunProbability({ mean: 100, lo: 80, hi: 120 }, 120)).toBeCloseTo(0.1, 3);
    expect(overrunProbability({ mean: 100, lo: 90, hi: 140 }, 140)).toBeCloseTo(0.1, 3);
    expect(assessBudget({ mean: 105, lo: 80, hi: 130 }, 100).alert).toBe(false);
    const over = assessBudget({ mean: 150, lo: 120, hi: 180 }, 100);
    expect(over.alert).toBe(true);
    expect(over.severity).toBe('high');
    expect(assessBudget({ mean: 90, lo: 70, hi: 110, floor: 101 }, 100).probability).toBe(1);
  });
});
