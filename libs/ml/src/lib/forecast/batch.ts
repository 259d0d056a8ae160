/**
 * Batch forecasting over a long table (series_id, period, value, split), as `npm run forecast` and the
 * evaluation use it: train rows are the history, the number of test rows is the horizon.
 */
import { coverage, mase, smape } from './accuracy';
import { forecastSeries, type ForecastOptions, type ForecastResult } from './select';

export interface PanelRow {
  seriesId: string;
  /** `YYYY-MM` (rows keep their input order when a series has periods in another form). */
  period: string;
  value: number | null;
  split: 'train' | 'test';
}

export interface PanelSeriesOutput {
  series_id: string;
  model: string;
  low_confidence: boolean;
  forecast: { period: string; mean: number; lo80: number; hi80: number }[];
}

export interface PanelOutput {
  series: PanelSeriesOutput[];
  metrics: { smape: number | null; mase: number | null; coverage80: number | null; series: number; scored: number };
  timings: { totalMs: number };
}

export function nextPeriod(period: string, k = 1): string {
  const [y, m] = period.split('-').map(Number);
  if (!Number.isFinite(y) || !Number.isFinite(m)) return '';
  const idx = y * 12 + (m - 1) + k;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export function forecastPanel(
  rows: PanelRow[],
  options: Omit<ForecastOptions, 'horizon'> & { level?: number } = {},
  onSeries?: (id: string, result: ForecastResult) => void,
): PanelOutput {
  const t0 = performance.now();
  const bySeries = new Map<string, PanelRow[]>();
  for (const r of rows) {
    let list = bySeries.get(r.seriesId);
    if (!list) bySeries.set(r.seriesId, (list = []));
    list.push(r);
  }
  const out: PanelSeriesOutput[] = [];
  let sSmape = 0;
  let sMase = 0;
  let nMase = 0;
  let nScored = 0;
  let covHits = 0;
  let covN = 0;
  for (const [id, list] of bySeries) {
    // order by period when every period is YYYY-MM; otherwise keep the input order
    if (list.every((r) => /^\d{4}-\d{2}$/.test(r.period))) list.sort((a, b) => a.period.localeCompare(b.period));
    const train = list.filter((r) => r.split === 'train');
    const test = list.filter((r) => r.split === 'test');
    const history = train.map((r) => r.value ?? 0);
    const h = Math.max(1, test.length);
    const res = forecastSeries(history, { ...options, horizon: h, level: options.level ?? 0.8 });
    onSeries?.(id, res);
    const lastPeriod = train.length ? train[train.length - 1].period : list[0]?.period;
    const periods = test.length ? test.map((r) => r.period) : [nextPeriod(lastPeriod)];
    out.push({
      series_id: id,
      model: res.model,
      low_confidence: res.lowConfidence,
      forecast: res.forecast.map((p, j) => ({ period: periods[j], mean: p.mean, lo80: p.lo, hi80: p.hi })),
    });
    const actual = test.map((r) => r.value);
    if (test.length && actual.every((v) => v !== null && Number.isFinite(v))) {
      const a = actual as number[];
      const f = res.forecast.map((p) => p.mean);
      sSmape += smape(a, f);
      nScored++;
      const ms = mase(history, a, f, options.seasonPeriod ?? 12);
      if (Number.isFinite(ms)) {
        sMase += ms;
        nMase++;
      }
      covHits += coverage(a, res.forecast.map((p) => p.lo), res.forecast.map((p) => p.hi)) * a.length;
      covN += a.length;
    }
  }
  return {
    series: out,
    metrics: {
      smape: nScored ? sSmape / nScored : null,
      mase: nMase ? sMase / nMase : null,
      coverage80: covN ? covHits / covN : null,
      series: bySeries.size,
      scored: nScored,
    },
    timings: { totalMs: Math.round(performance.now() - t0) },
  };
}
