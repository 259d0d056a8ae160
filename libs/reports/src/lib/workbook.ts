/**
 * The Excel report for one customer and period: cover, summary with budget versus actual, trends, heatmap, findings
 * with an amount-over-time scatter, forecast, drift, recurring charges and category groups. Written with exceljs in
 * memory; native charts are then added to the package (native-charts.ts) and the scatter is a server-rendered PNG.
 * For a customer without analysis consent the last four sheets (and the cover) say so instead, with no chart.
 */
import ExcelJS from 'exceljs';
import { addNativeCharts, cellRef, type ChartSeries, type NativeChart } from './native-charts';
import { anomalyScatterPng } from './png-charts';
import type { ReportData } from './model';

export const SHEETS = {
  cover: 'Cover',
  summary: 'Summary',
  trends: 'Trends',
  heatmap: 'Heatmap',
  anomalies: 'Anomalies',
  forecast: 'Forecast',
  drift: 'Drift',
  recurring: 'Recurring',
  groups: 'Category groups',
} as const;

const PALETTE = ['4C78A8', 'F58518', '54A24B', 'E45756', '72B7B2', 'B279A2', 'EECA3B', '9D755D', 'FF9DA6', 'BAB0AC'];
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const DATE_FMT = 'yyyy-mm-dd';
const PCT_FMT = '0.0%';
/** Categories drawn in the trends chart (the rest stay in the table). */
const TREND_SERIES = 8;
/** Months of actual spend shown before the forecast. */
const FORECAST_CONTEXT_MONTHS = 12;

/** An Excel number format for amounts in the currency, symbol placed as the locale writes it. */
export function currencyFormat(currency: string, locale: string): string {
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1234.5);
  } catch {
    parts = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).formatToParts(1234.5).map((p) => (p.type === 'currency' ? { ...p, value: currency } : p));
  }
  const symbol = (parts.find((p) => p.type === 'currency')?.value ?? currency).replace(/"/g, '');
  const digits = parts.find((p) => p.type === 'fraction')?.value.length ?? 0;
  const num = `#,##0${digits ? `.${'0'.repeat(digits)}` : ''}`;
  const symbolFirst = parts.findIndex((p) => p.type === 'currency') < parts.findIndex((p) => p.type === 'integer');
  const spaced = parts.some((p) => p.type === 'literal' && /\s/.test(p.value));
  const positive = symbolFirst ? `"${symbol}${spaced ? ' ' : ''}"${num}` : `${num}"${spaced ? ' ' : ''}${symbol}"`;
  return `${positive};-${positive}`;
}

const money = (cents: number) => Math.round(cents) / 100;
const asDate = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

/** A local timestamp for the cover, in the tenant's time zone. */
function localTimestamp(iso: string, timezone: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).formatToParts(new Date(iso));
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')} (${timezone})`;
  } catch {
    return iso;
  }
}

interface Column {
  header: string;
  width?: number;
  numFmt?: string;
}

/** Writes a header row and data rows at `startRow`; returns the last row written. */
function writeTable(ws: ExcelJS.Worksheet, startRow: number, columns: Column[], data: unknown[][], startCol = 1): number {
  const header = ws.getRow(startRow);
  columns.forEach((c, i) => {
    const cell = header.getCell(startCol + i);
    cell.value = c.header;
    cell.fill = HEADER_FILL;
    cell.font = HEADER_FONT;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  data.forEach((values, r) => {
    const row = ws.getRow(startRow + 1 + r);
    values.forEach((v, i) => {
      const cell = row.getCell(startCol + i);
      cell.value = v as ExcelJS.CellValue;
      const fmt = columns[i]?.numFmt;
      if (fmt) cell.numFmt = fmt;
    });
  });
  return startRow + data.length;
}

/** Column widths from the longest text in each column (capped), unless a width was given. */
function fitColumns(ws: ExcelJS.Worksheet, fixed: Record<number, number> = {}, max = 60): void {
  const widths = new Map<number, number>();
  ws.eachRow((row) =>
    row.eachCell((cell, col) => {
      const v = cell.value;
      const len =
        v instanceof Date ? 10 : typeof v === 'number' ? Math.max(10, String(Math.round(v)).length + 6) : v == null ? 0 : String(v).length;
      widths.set(col, Math.max(widths.get(col) ?? 10, len + 2));
    }),
  );
  for (const [col, w] of widths) ws.getColumn(col).width = fixed[col] ?? Math.min(max, w);
}

function freeze(ws: ExcelJS.Worksheet, rows: number, cols = 0): void {
  ws.views = [{ state: 'frozen', xSplit: cols, ySplit: rows, topLeftCell: `${String.fromCharCode(65 + cols)}${rows + 1}`, activeCell: 'A1' }];
}

function budgetFormatting(ws: ExcelJS.Worksheet, ref: string): void {
  ws.addConditionalFormatting({
    ref,
    rules: [
      { type: 'cellIs', operator: 'greaterThan', formulae: ['1'], priority: 1, style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFF4B6B6' } }, font: { color: { argb: 'FF9C0006' } } } },
      { type: 'cellIs', operator: 'between', formulae: ['0.8', '1'], priority: 2, style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFE699' } }, font: { color: { argb: 'FF7F6000' } } } },
      { type: 'cellIs', operator: 'lessThan', formulae: ['0.8'], priority: 3, style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFC6EFCE' } }, font: { color: { argb: 'FF006100' } } } },
    ],
  });
}

/** Why a sheet of modelled content is empty when the customer has not granted analysis consent. */
function noConsentText(data: ReportData, what: string): string {
  return `${what}: ${data.customer.displayName} has not granted analysis consent.`;
}

/** The sheet holds only the note that its content needs analysis consent. */
function consentNote(ws: ExcelJS.Worksheet, text: string): void {
  const cell = ws.getCell('A1');
  cell.value = text;
  cell.font = { bold: true, color: { argb: 'FF7F6000' } };
  cell.alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn(1).width = 100;
  freeze(ws, 1);
}

function audienceText(data: ReportData): string {
  if (data.audience === 'customer') return 'Customer report: only findings approved by your bank’s reviewers are included.';
  return data.includesPending
    ? 'Operator report: INCLUDES FINDINGS PENDING REVIEW that the customer has not seen; not for the customer.'
    : 'Operator report: approved findings only.';
}

/** Builds the workbook and returns the .xlsx bytes. */
export async function buildReportWorkbook(data: ReportData): Promise<Buffer> {
  const fmt = currencyFormat(data.tenant.currency, data.tenant.locale);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Spendguard';
  wb.created = new Date(data.generatedAt);
  wb.modified = new Date(data.generatedAt);
  wb.title = `Spending report ${data.period.from} to ${data.period.to}`;
  const charts: NativeChart[] = [];

  const totalCents = data.expenses.reduce((a, e) => a + e.amountCents, 0);
  const spentByCategory = data.monthlyByCategory
    .map((c) => ({ category: c.category, cents: c.cents.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.cents - a.cents || a.category.localeCompare(b.category));

  // Cover
  const cover = wb.addWorksheet(SHEETS.cover, { properties: { tabColor: { argb: 'FF1F3A5F' } } });
  cover.getCell('A1').value = 'Spending report';
  cover.getCell('A1').font = { bold: true, size: 18, color: { argb: 'FF1F3A5F' } };
  const coverRows: Array<[string, ExcelJS.CellValue]> = [
    ['Customer', data.customer.displayName],
    ['Customer id', data.customer.id],
    ['Provided by', data.tenant.name],
    ['Period', `${data.period.from} to ${data.period.to}`],
    ['Generated', localTimestamp(data.generatedAt, data.tenant.timezone)],
    ['Currency', `${data.tenant.currency} (amounts in other currencies converted at the month's rate)`],
    ['Audience', audienceText(data)],
    ['Findings included', data.includesPending ? 'Approved and pending review' : 'Approved only'],
    [
      'Data scope',
      `This customer's expenses dated ${data.period.from} to ${data.period.to} (${data.expenses.length} transactions); ${
        data.analysisConsent ? 'forecasts, drift and recurring charges also use earlier history; ' : ''
      }no other customer's data.`,
    ],
  ];
  if (!data.analysisConsent) coverRows.push(['Analysis', noConsentText(data, 'Forecasts, drift, regular payments and category groups are not included')]);
  if (data.unconvertedExpenses) coverRows.push(['Left out', `${data.unconvertedExpenses} expenses without an exchange rate to ${data.tenant.currency}`]);
  writeTable(cover, 3, [{ header: 'Item' }, { header: 'Value' }], coverRows);
  for (let r = 4; r <= 3 + coverRows.length; r++) cover.getCell(`B${r}`).alignment = { wrapText: true, vertical: 'top' };
  if (data.includesPending) cover.getCell(`B${3 + coverRows.findIndex((r) => r[0] === 'Audience') + 1}`).font = { bold: true, color: { argb: 'FFC00000' } };
  freeze(cover, 3);
  cover.getColumn(1).width = 20;
  cover.getColumn(2).width = 100;

  // Summary: key figures, budget versus actual by category (chart) and by month
  const summary = wb.addWorksheet(SHEETS.summary);
  const overBudget = data.budgets.filter((b) => b.budgetCents > 0 && b.spentCents > b.budgetCents).length;
  const largest = data.expenses.reduce<ReportData['expenses'][number] | null>((m, e) => (!m || e.amountCents > m.amountCents ? e : m), null);
  const keyFigures: unknown[][] = [
    ['Total spent', money(totalCents)],
    ['Transactions', data.expenses.length],
    ['Months', data.months.length],
    ['Average per month', data.months.length ? money(totalCents / data.months.length) : 0],
    ['Largest category', spentByCategory[0] ? `${spentByCategory[0].category}` : '—'],
    ['Largest category spend', spentByCategory[0] ? money(spentByCategory[0].cents) : 0],
    ['Largest expense', largest ? money(largest.amountCents) : 0],
    ['Findings in this report', data.findings.length],
    ['Budget months over budget', overBudget],
  ];
  let row = writeTable(summary, 1, [{ header: 'Key figure' }, { header: 'Value' }], keyFigures);
  for (const r of [2, 5, 7, 8]) summary.getCell(`B${r}`).numFmt = fmt;
  summary.getCell('B3').numFmt = '#,##0';

  const budgetByCategory = new Map<string, { budget: number; spent: number }>();
  for (const b of data.budgets) {
    const e = budgetByCategory.get(b.category) ?? { budget: 0, spent: 0 };
    e.budget += b.budgetCents;
    e.spent += b.spentCents;
    budgetByCategory.set(b.category, e);
  }
  const catRows = [...budgetByCategory]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, v]) => [category, money(v.budget), money(v.spent), money(v.budget - v.spent), v.budget ? Math.round((v.spent / v.budget) * 1000) / 1000 : null]);
  const catHeader = row + 2;
  summary.getCell(`A${catHeader - 1}`).value = 'Budget versus actual over the period';
  summary.getCell(`A${catHeader - 1}`).font = { bold: true, size: 12 };
  const budgetCols: Column[] = [{ header: 'Category' }, { header: 'Budget', numFmt: fmt }, { header: 'Spent', numFmt: fmt }, { header: 'Remaining', numFmt: fmt }, { header: '% used', numFmt: PCT_FMT }];
  row = writeTable(summary, catHeader, budgetCols, catRows);
  if (catRows.length) {
    budgetFormatting(summary, `E${catHeader + 1}:E${row}`);
    const labels = catRows.map((r) => String(r[0]));
    const series = (col: number, name: string, color: string): ChartSeries => ({
      name: { ref: cellRef(SHEETS.summary, col, catHeader), text: name },
      values: { ref: cellRef(SHEETS.summary, col, catHeader + 1, row), points: catRows.map((r) => r[col - 1] as number) },
      color,
    });
    charts.push({
      sheet: SHEETS.summary,
      kind: 'bar',
      title: 'Budget versus actual',
      categories: { ref: cellRef(SHEETS.summary, 1, catHeader + 1, row), labels },
      series: [series(2, 'Budget', '9DB4D3'), series(3, 'Spent', '1F3A5F')],
      anchor: { fromCol: 7, fromRow: 0, toCol: 17, toRow: 22 },
      valueFormat: fmt,
    });
  }
  const monthHeader = row + 3;
  summary.getCell(`A${monthHeader - 1}`).value = 'Budget versus actual by month';
  summary.getCell(`A${monthHeader - 1}`).font = { bold: true, size: 12 };
  const monthRows = data.budgets.map((b) => [
    b.month,
    b.category,
    money(b.budgetCents),
    money(b.spentCents),
    money(b.budgetCents - b.spentCents),
    b.percentUsed === null ? null : b.percentUsed / 100,
  ]);
  row = writeTable(summary, monthHeader, [{ header: 'Month' }, ...budgetCols.slice(0, 1), ...budgetCols.slice(1)], monthRows);
  if (monthRows.length) budgetFormatting(summary, `F${monthHeader + 1}:F${row}`);
  freeze(summary, 1);
  fitColumns(summary, {}, 40);

  // Trends: month x category
  const trends = wb.addWorksheet(SHEETS.trends);
  const cats = data.monthlyByCategory;
  const trendRows = data.months.map((m, i) => [m, ...cats.map((c) => money(c.cents[i])), money(cats.reduce((a, c) => a + c.cents[i], 0))]);
  const trendEnd = writeTable(
    trends,
    1,
    [{ header: 'Month' }, ...cats.map((c) => ({ header: c.category, numFmt: fmt })), { header: 'Total', numFmt: fmt }],
    trendRows,
  );
  freeze(trends, 1, 1);
  fitColumns(trends, {}, 24);
  if (data.months.length && cats.length) {
    const top = [...cats.keys()]
      .sort((a, b) => cats[b].cents.reduce((x, y) => x + y, 0) - cats[a].cents.reduce((x, y) => x + y, 0))
      .slice(0, TREND_SERIES)
      .sort((a, b) => a - b);
    charts.push({
      sheet: SHEETS.trends,
      kind: 'line',
      title: 'Monthly spending per category',
      categories: { ref: cellRef(SHEETS.trends, 1, 2, trendEnd), labels: data.months },
      series: top.map((ci, j) => ({
        name: { ref: cellRef(SHEETS.trends, ci + 2, 1), text: cats[ci].category },
        values: { ref: cellRef(SHEETS.trends, ci + 2, 2, trendEnd), points: trendRows.map((r) => r[ci + 1] as number) },
        color: PALETTE[j % PALETTE.length],
      })),
      anchor: { fromCol: cats.length + 3, fromRow: 1, toCol: cats.length + 15, toRow: 24 },
      valueFormat: fmt,
    });
  }

  // Heatmap: category x month with a colour scale
  const heat = wb.addWorksheet(SHEETS.heatmap);
  const heatRows = cats.map((c) => [c.category, ...c.cents.map(money), money(c.cents.reduce((a, b) => a + b, 0))]);
  const heatEnd = writeTable(heat, 1, [{ header: 'Category' }, ...data.months.map((m) => ({ header: m, numFmt: fmt })), { header: 'Total', numFmt: fmt }], heatRows);
  if (heatRows.length && data.months.length) {
    heat.addConditionalFormatting({
      ref: `B2:${cellRef('x', data.months.length + 1, heatEnd).split('!')[1].replace(/\$/g, '')}`,
      rules: [
        {
          type: 'colorScale',
          priority: 1,
          cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
          color: [{ argb: 'FFF7FBFF' }, { argb: 'FFFDD49E' }, { argb: 'FFD7301F' }],
        },
      ],
    });
  }
  freeze(heat, 1, 1);
  fitColumns(heat, { 1: Math.min(30, Math.max(12, ...cats.map((c) => c.category.length + 2))) }, 14);

  // Anomalies: the findings in scope, and the scatter of amounts over time with anomalies marked (PNG)
  const anomalies = wb.addWorksheet(SHEETS.anomalies);
  const byId = new Map(data.expenses.map((e) => [e.id, e]));
  const findingRows = data.findings.map((f) => {
    const e = f.expenseIds.map((id) => byId.get(id)).find(Boolean);
    return [
      asDate(f.createdAt),
      f.type,
      f.severity,
      Math.round(f.score * 1000) / 1000,
      f.status,
      f.decidedAt ? asDate(f.decidedAt) : null,
      f.dismissReason,
      e ? asDate(e.occurredOn) : null,
      e ? money(e.amountCents) : null,
      e ? (e.merchant ?? e.description) : null,
      f.title,
      f.message,
      f.reasons.join('; '),
    ];
  });
  const findingsEnd = writeTable(
    anomalies,
    1,
    [
      { header: 'Raised', numFmt: DATE_FMT },
      { header: 'Type' },
      { header: 'Severity' },
      { header: 'Score', numFmt: '0.000' },
      { header: 'Decision' },
      { header: 'Decided', numFmt: DATE_FMT },
      { header: 'Dismissal reason' },
      { header: 'Expense date', numFmt: DATE_FMT },
      { header: 'Amount', numFmt: fmt },
      { header: 'Merchant' },
      { header: 'Title' },
      { header: 'Message' },
      { header: 'Reasons' },
    ],
    findingRows,
  );
  if (!findingRows.length) anomalies.getCell('A2').value = data.audience === 'customer' ? 'No approved findings in this period.' : 'No findings in this period.';
  freeze(anomalies, 1);
  fitColumns(anomalies, { 11: 40, 12: 60, 13: 50 }, 30);
  for (let r = 2; r <= findingsEnd; r++) for (const c of [11, 12, 13]) anomalies.getCell(r, c).alignment = { wrapText: true, vertical: 'top' };
  const flagged = new Set(data.findings.filter((f) => f.type === 'anomaly').flatMap((f) => f.expenseIds));
  const positive = data.expenses.filter((e) => e.amountCents > 0);
  if (positive.length) {
    const png = anomalyScatterPng({
      title: 'Amount over time (anomalies marked)',
      currency: data.tenant.currency,
      normal: positive.filter((e) => !flagged.has(e.id)).map((e) => ({ at: e.occurredAt, amount: money(e.amountCents) })),
      anomalies: positive.filter((e) => flagged.has(e.id)).map((e) => ({ at: e.occurredAt, amount: money(e.amountCents) })),
    });
    const image = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    anomalies.addImage(image, { tl: { col: 0, row: Math.max(findingsEnd, 2) + 2 }, ext: { width: 960, height: 420 } });
  }

  // Forecast: the total (chart) and each category, 80% intervals
  const forecast = wb.addWorksheet(SHEETS.forecast);
  if (data.analysisConsent) {
    const tf = data.totalForecast;
    let forecastEnd = 1;
    if (tf) {
      const context = tf.history.slice(-FORECAST_CONTEXT_MONTHS);
      const fRows = [
        ...context.map((h) => [h.month, money(h.cents), null, null, null]),
        ...tf.points.map((p) => [p.month, null, p.mean, p.lo80, p.hi80]),
      ];
      forecastEnd = writeTable(
        forecast,
        1,
        [{ header: 'Month' }, { header: 'Actual', numFmt: fmt }, { header: 'Forecast', numFmt: fmt }, { header: 'Low (80%)', numFmt: fmt }, { header: 'High (80%)', numFmt: fmt }],
        fRows,
      );
      const s = (col: number, name: string, color: string, dashed = false): ChartSeries => ({
        name: { ref: cellRef(SHEETS.forecast, col, 1), text: name },
        values: { ref: cellRef(SHEETS.forecast, col, 2, forecastEnd), points: fRows.map((r) => r[col - 1] as number | null) },
        color,
        dashed,
      });
      charts.push({
        sheet: SHEETS.forecast,
        kind: 'line',
        title: `Total spending: forecast with 80% interval (${tf.model})`,
        categories: { ref: cellRef(SHEETS.forecast, 1, 2, forecastEnd), labels: fRows.map((r) => String(r[0])) },
        series: [s(2, 'Actual', '1F3A5F'), s(3, 'Forecast', 'F58518'), s(4, 'Low (80%)', 'F5B77A', true), s(5, 'High (80%)', 'F5B77A', true)],
        anchor: { fromCol: 9, fromRow: 0, toCol: 19, toRow: 22 },
        valueFormat: fmt,
      });
    } else {
      forecast.getCell('A1').value = 'Not enough complete months of history for a forecast.';
    }
    const perCatHeader = forecastEnd + 3;
    forecast.getCell(`A${perCatHeader - 1}`).value = 'Forecast per category';
    forecast.getCell(`A${perCatHeader - 1}`).font = { bold: true, size: 12 };
    writeTable(
      forecast,
      perCatHeader,
      [
        { header: 'Category' },
        { header: 'Month' },
        { header: 'Forecast', numFmt: fmt },
        { header: 'Low (80%)', numFmt: fmt },
        { header: 'High (80%)', numFmt: fmt },
        { header: 'Model' },
        { header: 'Low confidence' },
      ],
      data.forecasts.flatMap((c) => c.points.map((p) => [c.category, p.month, p.mean, p.lo80, p.hi80, c.model, c.lowConfidence ? 'yes' : 'no'])),
    );
    freeze(forecast, 1);
    fitColumns(forecast, {}, 28);
  } else {
    consentNote(forecast, noConsentText(data, 'No forecasts'));
  }

  // Drift: shares then and now
  const drift = wb.addWorksheet(SHEETS.drift);
  if (data.analysisConsent) {
    const d = data.drift;
    if (d) {
      const measures: unknown[][] = [
        ['Jensen-Shannon distance', Math.round(d.js * 10000) / 10000],
        ['Population stability index (PSI)', Math.round(d.psi * 10000) / 10000],
        ['Alarm threshold (JS)', Math.round(d.threshold * 10000) / 10000],
        ['Drift', d.alarm ? `yes (${d.severity})` : d.sufficient ? 'no' : 'not enough data'],
        ['Reference window', `${d.reference[0]} to ${d.reference[1]}`],
        ['Recent window', `${d.recent[0]} to ${d.recent[1]}`],
        ['Summary', d.summary],
      ];
      const mEnd = writeTable(drift, 1, [{ header: 'Measure' }, { header: 'Value' }], measures);
      const sh = mEnd + 2;
      const shareRows = d.categories.map((c) => [c.category, c.shareBefore, c.shareAfter, c.shareAfter - c.shareBefore, c.significant ? 'yes' : 'no']);
      const sEnd = writeTable(
        drift,
        sh,
        [{ header: 'Category' }, { header: 'Share then', numFmt: PCT_FMT }, { header: 'Share now', numFmt: PCT_FMT }, { header: 'Change', numFmt: '+0.0%;-0.0%;0.0%' }, { header: 'Significant' }],
        shareRows,
      );
      if (shareRows.length) {
        const s = (col: number, name: string, color: string): ChartSeries => ({
          name: { ref: cellRef(SHEETS.drift, col, sh), text: name },
          values: { ref: cellRef(SHEETS.drift, col, sh + 1, sEnd), points: shareRows.map((r) => r[col - 1] as number) },
          color,
        });
        charts.push({
          sheet: SHEETS.drift,
          kind: 'bar',
          title: 'Category shares: reference versus recent',
          categories: { ref: cellRef(SHEETS.drift, 1, sh + 1, sEnd), labels: shareRows.map((r) => String(r[0])) },
          series: [s(2, 'Share then', '9DB4D3'), s(3, 'Share now', '1F3A5F')],
          anchor: { fromCol: 7, fromRow: 0, toCol: 17, toRow: 22 },
          valueFormat: '0%',
        });
      }
    } else {
      drift.getCell('A1').value = 'No expenses to compare.';
    }
    freeze(drift, 1);
    fitColumns(drift, { 2: 40 }, 32);
    drift.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  } else {
    consentNote(drift, noConsentText(data, 'No drift analysis'));
  }

  // Recurring charges
  const recurring = wb.addWorksheet(SHEETS.recurring);
  if (data.analysisConsent) {
    writeTable(
      recurring,
      1,
      [
        { header: 'Merchant' },
        { header: 'Category' },
        { header: 'Cadence' },
        { header: 'Charges' },
        { header: 'First', numFmt: DATE_FMT },
        { header: 'Last', numFmt: DATE_FMT },
        { header: 'Typical amount', numFmt: fmt },
        { header: 'Last amount', numFmt: fmt },
        { header: 'Monthly cost', numFmt: fmt },
        { header: 'Next expected', numFmt: DATE_FMT },
        { header: 'Status' },
      ],
      data.recurring.map((r) => [
        r.merchant,
        r.category,
        r.cadence,
        r.occurrences,
        asDate(r.firstDate),
        asDate(r.lastDate),
        r.typicalAmount,
        r.lastAmount,
        r.monthlyCost,
        asDate(r.nextExpectedDate),
        r.status,
      ]),
    );
    freeze(recurring, 1);
    fitColumns(recurring, {}, 36);
  } else {
    consentNote(recurring, noConsentText(data, 'No regular payments'));
  }

  // Category groups (clusters)
  const groups = wb.addWorksheet(SHEETS.groups);
  if (data.analysisConsent) {
    writeTable(
      groups,
      1,
      [{ header: 'Group' }, { header: 'Typical of the group' }, { header: 'Category' }, { header: 'Spent in period', numFmt: fmt }, { header: 'Cohesion', numFmt: '0.000' }, { header: 'Fits the group' }],
      data.groups.flatMap((g) => g.members.map((m) => [g.group, g.label, m.category, money(m.spentCents), g.cohesion, m.outlier ? 'loosely' : 'yes'])),
    );
    freeze(groups, 1);
    fitColumns(groups, {}, 36);
  } else {
    consentNote(groups, noConsentText(data, 'No category groups'));
  }

  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  return addNativeCharts(raw, charts);
}
