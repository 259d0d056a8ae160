import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { addNativeCharts } from './native-charts';
import { offlineReportData, syntheticLedger } from './report-fixture';
import { buildReportWorkbook, currencyFormat, SHEETS } from './workbook';
import type { ReportData, ReportFinding } from './model';

/** Parses XML strictly (throws on anything malformed) and returns the text of every element with the given name. */
function parseXml(xml: string, collect: string[] = []): Record<string, string[]> {
  const parser = new SaxesParser({ xmlns: false });
  const out: Record<string, string[]> = Object.fromEntries(collect.map((n) => [n, [] as string[]]));
  const stack: string[] = [];
  let text = '';
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    stack.push(t.name);
    text = '';
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', (t) => {
    if (collect.includes(t.name)) out[t.name].push(text);
    stack.pop();
    text = '';
  });
  parser.write(xml).close();
  return out;
}

/** 'Sheet'!$B$2:$B$13 -> the sheet name and the cells of the range (one column or one cell). */
function cellsOf(ref: string): { sheet: string; cells: string[] } {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(ref);
  if (!m) throw new Error(`not an absolute range: ${ref}`);
  const [, sheet, col, r1, col2, r2] = m;
  if (col2 && col2 !== col) throw new Error(`not a column range: ${ref}`);
  const cells: string[] = [];
  for (let r = Number(r1); r <= Number(r2 ?? r1); r++) cells.push(`${col}${r}`);
  return { sheet: sheet.replace(/''/g, "'"), cells };
}

describe('the Excel report', () => {
  const transactions = syntheticLedger('report-unit', '2026-10-31', 24);
  const otherCustomer = syntheticLedger('someone-else', '2026-10-31', 24).map((t) => ({ ...t, userId: 'u9999', txnId: `x-${t.txnId}` }));
  const userId = transactions[0].userId;
  let data: ReportData;
  let xlsx: Buffer;
  let wb: ExcelJS.Workbook;
  let zip: JSZip;

  beforeAll(async () => {
    const base = offlineReportData({ userId, transactions: [...transactions, ...otherCustomer], currency: 'EUR', locale: 'de-DE', timezone: 'Europe/Berlin', generatedAt: '2026-11-02T09:30:00.000Z', audience: 'operator' });
    // two findings about expenses of the period: an approved anomaly and one still pending review
    const inPeriod = base.expenses.filter((e) => e.amountCents > 0);
    const big = [...inPeriod].sort((a, b) => b.amountCents - a.amountCents);
    const findings: ReportFinding[] = [
      { id: 'f1', type: 'anomaly', severity: 'high', score: 0.93, status: 'approved', title: 'Unusually large payment', message: 'A payment far above your usual.', reasons: ['amount 6.1x the usual for this merchant'], createdAt: '2026-09-03T07:00:00.000Z', decidedAt: '2026-09-04T10:00:00.000Z', dismissReason: null, expenseIds: [big[0].id] },
      { id: 'f2', type: 'anomaly', severity: 'medium', score: 0.71, status: 'pending', title: 'Charged twice?', message: 'Two identical charges.', reasons: ['duplicate charge'], createdAt: '2026-10-05T07:00:00.000Z', decidedAt: null, dismissReason: null, expenseIds: [big[1].id] },
    ];
    data = { ...base, findings, includesPending: true };
    xlsx = await buildReportWorkbook(data);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    zip = await JSZip.loadAsync(xlsx);
  });

  it('has every sheet, in order, each with a frozen header row', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));
    for (const ws of wb.worksheets) {
      expect({ sheet: ws.name, state: ws.views[0]?.state, frozenRows: (ws.views[0] as { ySplit?: number })?.ySplit ?? 0 }).toMatchObject({ sheet: ws.name, state: 'frozen' });
      expect((ws.views[0] as { ySplit: number }).ySplit).toBeGreaterThanOrEqual(1);
    }
    expect((wb.getWorksheet(SHEETS.trends)?.views[0] as { xSplit: number }).xSplit).toBe(1);
  });

  it('states period, generation time, scope and that pending findings are included on the cover', () => {
    const cover = wb.getWorksheet(SHEETS.cover) as ExcelJS.Worksheet;
    const values = new Map<string, string>();
    cover.eachRow((r) => values.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(values.get('Period')).toBe(`${data.period.from} to ${data.period.to}`);
    expect(values.get('Generated')).toBe('2026-11-02 10:30 GMT+1 (Europe/Berlin)');
    expect(values.get('Audience')).toMatch(/PENDING REVIEW/);
    expect(values.get('Findings included')).toBe('Approved and pending review');
    expect(values.get('Data scope')).toContain(`(${data.expenses.length} transactions)`);
  });

  it('totals equal the expenses of the period, per month and category, in the tenant currency format', () => {
    const trends = wb.getWorksheet(SHEETS.trends) as ExcelJS.Worksheet;
    const header = (trends.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header[0]).toBe('Month');
    expect(header.at(-1)).toBe('Total');
    const expected = new Map<string, number>();
    for (const e of data.expenses) {
      const k = `${e.occurredOn.slice(0, 7)}|${e.category}`;
      expected.set(k, (expected.get(k) ?? 0) + e.amountCents);
    }
    let grand = 0;
    for (let r = 2; r <= data.months.length + 1; r++) {
      const month = String(trends.getCell(r, 1).value);
      for (let c = 2; c < header.length; c++) {
        expect(Math.round(Number(trends.getCell(r, c).value) * 100)).toBe(expected.get(`${month}|${header[c - 1]}`) ?? 0);
      }
      grand += Math.round(Number(trends.getCell(r, header.length).value) * 100);
    }
    expect(data.expenses.length).toBeGreaterThan(500);
    expect(grand).toBe(data.expenses.reduce((a, e) => a + e.amountCents, 0));
    expect(trends.getCell(2, 2).numFmt).toBe(currencyFormat('EUR', 'de-DE'));
    expect(currencyFormat('EUR', 'de-DE')).toBe('#,##0.00" €";-#,##0.00" €"');
    expect(currencyFormat('USD', 'en-US')).toBe('"$"#,##0.00;-"$"#,##0.00');
    expect(currencyFormat('JPY', 'ja-JP')).toBe('"￥"#,##0;-"￥"#,##0');
    const summary = wb.getWorksheet(SHEETS.summary) as ExcelJS.Worksheet;
    expect(summary.getCell('A2').value).toBe('Total spent');
    expect(Math.round(Number(summary.getCell('B2').value) * 100)).toBe(grand);
  });

  it('contains nothing of another customer in the same CSV', () => {
    const theirs = new Set(otherCustomer.map((t) => t.txnId));
    expect(data.expenses.some((e) => theirs.has(e.id))).toBe(false);
    const theirTotal = otherCustomer.filter((t) => t.date >= data.period.from).reduce((a, t) => a + Math.round(t.amount * 100), 0);
    const summary = wb.getWorksheet(SHEETS.summary) as ExcelJS.Worksheet;
    expect(Math.round(Number(summary.getCell('B2').value) * 100)).not.toBe(theirTotal);
  });

  it('colours budget use and the heatmap with conditional formatting', async () => {
    const summaryXml = await zip.file(await sheetPath(zip, SHEETS.summary))!.async('string');
    expect(summaryXml).toMatch(/<conditionalFormatting sqref="E\d+:E\d+">/);
    expect(summaryXml).toContain('operator="greaterThan"');
    const heatXml = await zip.file(await sheetPath(zip, SHEETS.heatmap))!.async('string');
    expect(heatXml).toMatch(/<colorScale>/);
  });

  it('lists the findings with scores, decisions and the expense they are about', () => {
    const ws = wb.getWorksheet(SHEETS.anomalies) as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('Raised');
    const rows = [2, 3].map((r) => ({ score: ws.getCell(r, 4).value, decision: ws.getCell(r, 5).value, amount: ws.getCell(r, 9).value, reasons: ws.getCell(r, 13).value }));
    const byId = new Map(data.expenses.map((e) => [e.id, e]));
    expect(rows).toEqual([
      { score: 0.93, decision: 'approved', amount: byId.get(data.findings[0].expenseIds[0])!.amountCents / 100, reasons: 'amount 6.1x the usual for this merchant' },
      { score: 0.71, decision: 'pending', amount: byId.get(data.findings[1].expenseIds[0])!.amountCents / 100, reasons: 'duplicate charge' },
    ]);
    expect(ws.getCell(2, 4).numFmt).toBe('0.000');
    expect(ws.getCell(2, 1).numFmt).toBe('yyyy-mm-dd');
  });

  it('puts the amount-over-time scatter on the anomalies sheet as a PNG', async () => {
    const media = Object.keys(zip.files).filter((p) => p.startsWith('xl/media/') && !zip.files[p].dir);
    expect(media).toHaveLength(1);
    const png = await zip.file(media[0])!.async('nodebuffer');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(20_000);
    const ws = wb.getWorksheet(SHEETS.anomalies) as ExcelJS.Worksheet;
    expect(ws.getImages()).toHaveLength(1);
  });

  it('adds native charts whose series reference the right cells, with cached values equal to them', async () => {
    const chartParts = Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p)).sort();
    expect(chartParts).toHaveLength(4);
    const types = await zip.file('[Content_Types].xml')!.async('string');
    parseXml(types);
    const kinds: Record<string, string> = {};
    for (const part of chartParts) {
      expect(types).toContain(`<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
      const xml = await zip.file(part)!.async('string');
      const { 'c:f': refs, 'a:t': titles, 'c:v': _v } = parseXml(xml, ['c:f', 'a:t', 'c:v']);
      const title = titles[0];
      kinds[title] = /<c:barChart>/.test(xml) ? 'bar' : /<c:lineChart>/.test(xml) ? 'line' : 'other';
      // every referenced cell holds what the chart caches for it
      const sers = xml.split('<c:ser>').slice(1);
      expect(sers.length).toBeGreaterThan(0);
      for (const ser of sers) {
        const [nameRef, catRef, valRef] = parseXml(`<r xmlns:c="c" xmlns:a="a">${ser.split('</c:ser>')[0]}</r>`, ['c:f'])['c:f'];
        const name = cellsOf(nameRef);
        const ws = wb.getWorksheet(name.sheet) as ExcelJS.Worksheet;
        const cachedName = /<c:tx>.*?<c:v>(.*?)<\/c:v>/.exec(ser)![1];
        expect(String(ws.getCell(name.cells[0]).value)).toBe(cachedName.replace(/&amp;/g, '&'));
        const cats = cellsOf(catRef);
        const vals = cellsOf(valRef);
        expect(cats.sheet).toBe(name.sheet);
        expect(vals.cells).toHaveLength(cats.cells.length);
        const cachedVals = new Map([...(/<c:val>(.*?)<\/c:val>/.exec(ser)![1].matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v>/g))].map((m) => [Number(m[1]), Number(m[2])]));
        vals.cells.forEach((cell, i) => {
          const v = ws.getCell(cell).value;
          if (v === null || v === undefined) expect(cachedVals.has(i)).toBe(false);
          else expect(cachedVals.get(i)).toBeCloseTo(Number(v), 6);
        });
        const cachedCats = [...(/<c:cat>(.*?)<\/c:cat>/.exec(ser)![1].matchAll(/<c:v>([^<]*)<\/c:v>/g))].map((m) => m[1].replace(/&amp;/g, '&'));
        expect(cats.cells.map((c) => String(ws.getCell(c).value))).toEqual(cachedCats);
      }
      expect(refs.length).toBe(sers.length * 3);
    }
    expect(kinds).toEqual({
      'Budget versus actual': 'bar',
      'Monthly spending per category': 'line',
      [`Total spending: forecast with 80% interval (${data.totalForecast!.model})`]: 'line',
      'Category shares: reference versus recent': 'bar',
    });
  });

  it('references each chart from its sheet through a drawing part', async () => {
    for (const sheet of [SHEETS.summary, SHEETS.trends, SHEETS.forecast, SHEETS.drift]) {
      const part = await sheetPath(zip, sheet);
      const xml = await zip.file(part)!.async('string');
      parseXml(xml);
      const relId = /<drawing r:id="(rId\d+)"\/>/.exec(xml)![1];
      const relsPath = part.replace('worksheets/', 'worksheets/_rels/') + '.rels';
      const rels = await zip.file(relsPath)!.async('string');
      const target = new RegExp(`Id="${relId}" Type="[^"]+/drawing" Target="\\.\\./drawings/(drawing\\d+\\.xml)"`).exec(rels)![1];
      const drawing = await zip.file(`xl/drawings/${target}`)!.async('string');
      parseXml(drawing);
      const drawingRels = await zip.file(`xl/drawings/_rels/${target}.rels`)!.async('string');
      for (const m of drawing.matchAll(/r:id="(rId\d+)"/g)) {
        const chart = new RegExp(`Id="${m[1]}" Type="[^"]+/chart" Target="\\.\\./charts/(chart\\d+\\.xml)"`).exec(drawingRels)![1];
        const chartXml = await zip.file(`xl/charts/${chart}`)!.async('string');
        expect(chartXml).toContain(`<c:f>'${sheet}'!`);
      }
    }
  });

  it('forecasts the months after the period with 80% intervals around the mean', () => {
    const ws = wb.getWorksheet(SHEETS.forecast) as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['Month', 'Actual', 'Forecast', 'Low (80%)', 'High (80%)']);
    const tf = data.totalForecast!;
    expect(tf.points.map((p) => p.month)).toEqual(['2026-11', '2026-12', '2027-01']);
    for (const p of tf.points) expect(p.lo80).toBeLessThanOrEqual(p.mean);
    for (const p of tf.points) expect(p.hi80).toBeGreaterThanOrEqual(p.mean);
    expect(ws.getCell(14, 1).value).toBe('2026-11');
    expect(ws.getCell(14, 3).value).toBe(tf.points[0].mean);
    expect(ws.getCell(13, 2).value).toBe(tf.history.at(-1)!.cents / 100);
  });

  it('fills drift, recurring charges and category groups', () => {
    const drift = wb.getWorksheet(SHEETS.drift) as ExcelJS.Worksheet;
    expect(drift.getCell('A2').value).toBe('Jensen-Shannon distance');
    expect(drift.getCell('B2').value).toBeCloseTo(data.drift!.js, 3);
    const recurring = wb.getWorksheet(SHEETS.recurring) as ExcelJS.Worksheet;
    expect(data.recurring.length).toBeGreaterThan(0);
    expect(recurring.getCell('A2').value).toBe(data.recurring[0].merchant);
    const groups = wb.getWorksheet(SHEETS.groups) as ExcelJS.Worksheet;
    const members = data.groups.flatMap((g) => g.members.map((m) => m.category)).sort();
    expect(members).toEqual(data.monthlyByCategory.map((c) => c.category).sort());
    expect(groups.getCell('C2').value).toBe(data.groups[0].members[0].category);
  });

  it('gives columns sensible widths', () => {
    const ws = wb.getWorksheet(SHEETS.anomalies) as ExcelJS.Worksheet;
    expect(ws.getColumn(12).width).toBe(60);
    for (const sheet of wb.worksheets) {
      const header = sheet.name === SHEETS.cover ? 3 : 1;
      sheet.getRow(header).eachCell((_, c) => expect({ sheet: sheet.name, c, wide: (sheet.getColumn(c).width ?? 0) >= 8 }).toEqual({ sheet: sheet.name, c, wide: true }));
    }
    expect(wb.getWorksheet(SHEETS.cover)!.getColumn(2).width).toBe(100);
  });

  it('says a customer report holds approved findings only', async () => {
    const customer = await buildReportWorkbook({ ...data, audience: 'customer', includesPending: false, findings: data.findings.filter((f) => f.status === 'approved') });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(customer as unknown as ExcelJS.Buffer);
    const cover = book.getWorksheet(SHEETS.cover) as ExcelJS.Worksheet;
    const texts: string[] = [];
    cover.eachRow((r) => texts.push(String(r.getCell(2).value)));
    expect(texts.join('\n')).toContain('only findings approved');
    expect(texts.join('\n')).not.toMatch(/pending/i);
    expect(book.getWorksheet(SHEETS.anomalies)!.getCell('E3').value).toBeNull();
  });

  it('refuses to add a native chart to a sheet that already has a drawing', async () => {
    await expect(
      addNativeCharts(xlsx, [
        { sheet: SHEETS.anomalies, kind: 'bar', title: 'x', categories: { ref: "'Anomalies'!$A$2:$A$3", labels: ['a', 'b'] }, series: [], anchor: { fromCol: 0, fromRow: 0, toCol: 1, toRow: 1 } },
      ]),
    ).rejects.toThrow(/already has a drawing/);
  });
});

describe('the Excel report of a customer without analysis consent', () => {
  const transactions = syntheticLedger('report-no-consent', '2026-10-31', 24);
  const userId = transactions[0].userId;
  const note = `Forecasts, drift, regular payments and category groups are not included: ${userId} has not granted analysis consent.`;
  let data: ReportData;
  let consenting: ReportData;
  let wb: ExcelJS.Workbook;
  let zip: JSZip;

  beforeAll(async () => {
    const input = { userId, transactions, currency: 'EUR', locale: 'de-DE', timezone: 'Europe/Berlin', generatedAt: '2026-11-02T09:30:00.000Z', audience: 'customer' as const };
    consenting = offlineReportData(input);
    const base = offlineReportData({ ...input, analysisConsent: false });
    const big = [...base.expenses].sort((a, b) => b.amountCents - a.amountCents)[0];
    // a finding approved while consent was given stays in the customer's report
    const findings: ReportFinding[] = [
      { id: 'f1', type: 'anomaly', severity: 'high', score: 0.93, status: 'approved', title: 'Unusually large payment', message: 'A payment far above your usual.', reasons: [], createdAt: '2026-09-03T07:00:00.000Z', decidedAt: '2026-09-04T10:00:00.000Z', dismissReason: null, expenseIds: [big.id] },
    ];
    data = { ...base, findings };
    const xlsx = await buildReportWorkbook(data);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    zip = await JSZip.loadAsync(xlsx);
  });

  it('derives no forecasts, drift, recurring charges or groups, and the same descriptive numbers', () => {
    expect(data.analysisConsent).toBe(false);
    expect(consenting.analysisConsent).toBe(true);
    expect({ totalForecast: data.totalForecast, forecasts: data.forecasts, drift: data.drift, recurring: data.recurring, groups: data.groups }).toEqual({
      totalForecast: null,
      forecasts: [],
      drift: null,
      recurring: [],
      groups: [],
    });
    expect(consenting.totalForecast).not.toBeNull();
    expect(consenting.recurring.length).toBeGreaterThan(0);
    expect({ expenses: data.expenses, months: data.months, monthly: data.monthlyByCategory, budgets: data.budgets }).toEqual({
      expenses: consenting.expenses,
      months: consenting.months,
      monthly: consenting.monthlyByCategory,
      budgets: consenting.budgets,
    });
  });

  it('has every sheet and says on the cover and on each analysis sheet that there is no consent', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));
    const cover = wb.getWorksheet(SHEETS.cover) as ExcelJS.Worksheet;
    const values = new Map<string, string>();
    cover.eachRow((r) => values.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(values.get('Analysis')).toBe(note);
    expect(values.get('Data scope')).not.toMatch(/forecast|drift|recurring/i);
    for (const [sheet, what] of [
      [SHEETS.forecast, 'No forecasts'],
      [SHEETS.drift, 'No drift analysis'],
      [SHEETS.recurring, 'No regular payments'],
      [SHEETS.groups, 'No category groups'],
    ] as const) {
      const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
      const cells: string[] = [];
      ws.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
      expect({ sheet, cells }).toEqual({ sheet, cells: [`${what}: ${userId} has not granted analysis consent.`] });
      expect((ws.views[0] as { state: string; ySplit: number }).state).toBe('frozen');
    }
  });

  it('keeps the descriptive sheets: summary, budgets, trends, heatmap and the approved finding', () => {
    const summary = wb.getWorksheet(SHEETS.summary) as ExcelJS.Worksheet;
    expect(Math.round(Number(summary.getCell('B2').value) * 100)).toBe(data.expenses.reduce((a, e) => a + e.amountCents, 0));
    const trends = wb.getWorksheet(SHEETS.trends) as ExcelJS.Worksheet;
    expect(trends.getCell(2, 1).value).toBe(data.months[0]);
    const heat = wb.getWorksheet(SHEETS.heatmap) as ExcelJS.Worksheet;
    expect(heat.getCell(2, 1).value).toBe(data.monthlyByCategory[0].category);
    const anomalies = wb.getWorksheet(SHEETS.anomalies) as ExcelJS.Worksheet;
    expect(anomalies.getCell('K2').value).toBe('Unusually large payment');
    expect(data.budgets.length).toBeGreaterThan(0);
  });

  it('draws only the descriptive charts, each over non-empty ranges, with a well-formed package', async () => {
    const chartParts = Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
    const titles: string[] = [];
    for (const part of chartParts) {
      const xml = await zip.file(part)!.async('string');
      const { 'c:f': refs, 'a:t': t } = parseXml(xml, ['c:f', 'a:t']);
      titles.push(t[0]);
      for (const ref of refs) {
        const { sheet, cells } = cellsOf(ref);
        expect([SHEETS.summary, SHEETS.trends]).toContain(sheet);
        const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
        expect(cells.some((c) => ws.getCell(c).value !== null)).toBe(true);
      }
    }
    expect(titles.sort()).toEqual(['Budget versus actual', 'Monthly spending per category']);
    for (const sheet of [SHEETS.forecast, SHEETS.drift, SHEETS.recurring, SHEETS.groups]) {
      const xml = await zip.file(await sheetPath(zip, sheet))!.async('string');
      parseXml(xml);
      expect(xml).not.toContain('<drawing');
    }
    parseXml(await zip.file('[Content_Types].xml')!.async('string'));
  });
});

async function sheetPath(zip: JSZip, name: string): Promise<string> {
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const id = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="(rId\\d+)"`).exec(wbXml)![1];
  return `xl/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1].replace(/^\/?xl\//, '')}`;
}
