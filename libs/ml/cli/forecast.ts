/**
 * npm run forecast -- --input <csv series_id,period,value,split> --out <json>
 * Writes {"series": [{series_id, model, forecast: [{period, mean, lo80, hi80}]}], "metrics": {smape, mase, coverage80}, "timings": {totalMs}}.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { forecastPanel, type PanelRow } from '../src/lib/forecast';

function main(): void {
  const { values } = parseArgs({
    options: { input: { type: 'string' }, out: { type: 'string' }, 'season-period': { type: 'string' } },
  });
  if (!values.input || !values.out) {
    console.error('usage: npm run forecast -- --input <csv series_id,period,value,split> --out <json>');
    process.exit(2);
  }
  const records: Record<string, string>[] = parse(fs.readFileSync(values.input), { columns: true, skip_empty_lines: true, trim: true });
  const rows: PanelRow[] = records.map((r, i) => {
    const period = r.period ?? r.month ?? '';
    const split = (r.split ?? 'train').toLowerCase();
    if (!r.series_id || (split !== 'train' && split !== 'test')) throw new Error(`row ${i + 2}: need series_id and split train|test`);
    const v = r.value === undefined || r.value === '' ? null : Number(r.value);
    if (split === 'train' && (v === null || !Number.isFinite(v))) throw new Error(`row ${i + 2}: train value must be a number`);
    return { seriesId: r.series_id, period, value: v, split };
  });
  const result = forecastPanel(rows, { seasonPeriod: values['season-period'] ? Number(values['season-period']) : 12, level: 0.8 });
  const output = {
    series: result.series.map((s) => ({ series_id: s.series_id, model: s.model, low_confidence: s.low_confidence, forecast: s.forecast })),
    metrics: { smape: result.metrics.smape, mase: result.metrics.mase, coverage80: result.metrics.coverage80 },
    timings: result.timings,
  };
  fs.writeFileSync(values.out, JSON.stringify(output));
  console.log(JSON.stringify({ out: values.out, series: output.series.length, metrics: output.metrics, timings: output.timings }));
}

main();
