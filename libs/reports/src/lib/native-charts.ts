/**
 * Native Excel charts, which exceljs cannot write (exceljs issue 141): DrawingML chart parts added to the package
 * exceljs produced. Each chart is a c:chartSpace whose series point at the sheet's cells (c:f ranges, with cached
 * values so viewers that do not recalculate still draw it), placed by a drawing part that the sheet references.
 * The charts stay editable in Excel and LibreOffice because they are ordinary chart parts over ordinary ranges.
 */
import JSZip from 'jszip';

export interface CellRange {
  /** A formula reference such as `'Trends'!$B$2:$B$13`. */
  ref: string;
}

export interface ChartSeries {
  /** The header cell holding the series name, and its text. */
  name: CellRange & { text: string };
  values: CellRange & { points: Array<number | null> };
  /** RRGGBB. */
  color: string;
  dashed?: boolean;
}

export interface NativeChart {
  /** Name of the worksheet the chart is drawn on. */
  sheet: string;
  kind: 'bar' | 'line';
  title: string;
  categories: CellRange & { labels: string[] };
  series: ChartSeries[];
  /** Zero-based cells of the top-left and bottom-right corners. */
  anchor: { fromCol: number; fromRow: number; toCol: number; toRow: number };
  /** Number format of the value axis. */
  valueFormat?: string;
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  pkgRels: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const REL_DRAWING = `${NS.r}/drawing`;
const REL_CHART = `${NS.r}/chart`;
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Column letters of a 1-based column number. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** An absolute reference to a 1-based cell or a column range of one sheet. */
export function cellRef(sheet: string, col: number, row: number, toRow?: number): string {
  const q = `'${sheet.replace(/'/g, "''")}'`;
  const a = `$${columnLetter(col)}$${row}`;
  return toRow === undefined ? `${q}!${a}` : `${q}!${a}:$${columnLetter(col)}$${toRow}`;
}

/** An absolute reference to a row range of one sheet. */
export function rowRef(sheet: string, row: number, fromCol: number, toCol: number): string {
  return `'${sheet.replace(/'/g, "''")}'!$${columnLetter(fromCol)}$${row}:$${columnLetter(toCol)}$${row}`;
}

function strCache(values: string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
}

function numCache(values: Array<number | null>): string {
  const pts = values
    .map((v, i) => (v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`))
    .join('');
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function seriesXml(chart: NativeChart, s: ChartSeries, i: number): string {
  const fill = `<a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill>`;
  const line = `<a:ln w="28575" cap="rnd">${fill}${s.dashed ? '<a:prstDash val="dash"/>' : ''}<a:round/></a:ln>`;
  const head = `<c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:strRef><c:f>${escapeXml(s.name.ref)}</c:f>${strCache([s.name.text])}</c:strRef></c:tx>`;
  const cat = `<c:cat><c:strRef><c:f>${escapeXml(chart.categories.ref)}</c:f>${strCache(chart.categories.labels)}</c:strRef></c:cat>`;
  const val = `<c:val><c:numRef><c:f>${escapeXml(s.values.ref)}</c:f>${numCache(s.values.points)}</c:numRef></c:val>`;
  if (chart.kind === 'bar') return `<c:ser>${head}<c:spPr>${fill}</c:spPr><c:invertIfNegative val="0"/>${cat}${val}</c:ser>`;
  return `<c:ser>${head}<c:spPr>${line}</c:spPr><c:marker><c:symbol val="circle"/><c:size val="4"/><c:spPr>${fill}</c:spPr></c:marker>${cat}${val}<c:smooth val="0"/></c:ser>`;
}

/** The chart part: a clustered column chart or a line chart with a category axis and a value axis. */
export function chartXml(chart: NativeChart): string {
  const series = chart.series.map((s, i) => seriesXml(chart, s, i)).join('');
  const axes = '<c:axId val="500100"/><c:axId val="500200"/>';
  const plot =
    chart.kind === 'bar'
      ? `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/><c:overlap val="-10"/>${axes}</c:barChart>`
      : `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axes}</c:lineChart>`;
  const text = (size: number) =>
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    `<c:roundedCorners val="0"/>` +
    `<c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="1200" b="1"/><a:t>${escapeXml(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${plot}` +
    `<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${text(900)}` +
    `<c:crossAx val="500200"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
    `<c:numFmt formatCode="${escapeXml(chart.valueFormat ?? '#,##0')}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${text(900)}` +
    `<c:crossAx val="500100"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${text(900)}</c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>` +
    `</c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

function anchorXml(chart: NativeChart, index: number, relId: string): string {
  const { fromCol, fromRow, toCol, toRow } = chart.anchor;
  const corner = (tag: string, col: number, row: number) =>
    `<xdr:${tag}><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell">${corner('from', fromCol, fromRow)}${corner('to', toCol, toRow)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${index + 2}" name="Chart ${index + 1}" descr="${escapeXml(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

function relsXml(rels: Array<{ id: string; type: string; target: string }>): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRels}">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('') +
    `</Relationships>`
  );
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

const unescapeXml = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Worksheet name -> its part path ('xl/worksheets/sheet3.xml'), from the workbook and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await read(zip, 'xl/workbook.xml');
  const rels = await read(zip, 'xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  for (const m of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attr(m, 'Id');
    const target = attr(m, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of workbook.match(/<sheet\b[^>]*>/g) ?? []) {
    const name = attr(m, 'name');
    const id = attr(m, 'r:id');
    if (name && id && targets.has(id)) out.set(unescapeXml(name), targets.get(id) as string);
  }
  return out;
}

async function read(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`The workbook has no ${path}`);
  return file.async('string');
}

/** Elements that follow <drawing> in a worksheet (ECMA-376 CT_Worksheet order). */
const AFTER_DRAWING = ['<legacyDrawing', '<legacyDrawingHF', '<drawingHF', '<picture', '<oleObjects', '<controls', '<webPublishItems', '<tableParts', '<extLst', '</worksheet>'];

/**
 * Adds the charts to an .xlsx produced by exceljs and returns the new package. A sheet that already has a drawing
 * (exceljs images) is refused: its anchors would have to be merged, so images go on sheets without native charts.
 */
export async function addNativeCharts(xlsx: Buffer, charts: readonly NativeChart[]): Promise<Buffer> {
  if (!charts.length) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const parts = await sheetParts(zip);
  let contentTypes = await read(zip, '[Content_Types].xml');
  const existing = Object.keys(zip.files);
  const nextNumber = (re: RegExp) => Math.max(0, ...existing.map((p) => Number(re.exec(p)?.[1] ?? 0))) + 1;
  let drawingNo = nextNumber(/^xl\/drawings\/drawing(\d+)\.xml$/);
  let chartNo = nextNumber(/^xl\/charts\/chart(\d+)\.xml$/);

  const bySheet = new Map<string, NativeChart[]>();
  for (const c of charts) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);

  for (const [sheet, list] of bySheet) {
    const part = parts.get(sheet);
    if (!part) throw new Error(`No worksheet named ${sheet}`);
    let sheetXml = await read(zip, part);
    if (/<drawing\b/.test(sheetXml)) throw new Error(`Worksheet ${sheet} already has a drawing; put native charts on sheets without images`);

    const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
    const drawingRels: Array<{ id: string; type: string; target: string }> = [];
    const anchors = list.map((chart, i) => {
      const chartPath = `xl/charts/chart${chartNo}.xml`;
      zip.file(chartPath, chartXml(chart));
      contentTypes = contentTypes.replace('</Types>', `<Override PartName="/${chartPath}" ContentType="${CT_CHART}"/></Types>`);
      drawingRels.push({ id: `rId${i + 1}`, type: REL_CHART, target: `../charts/chart${chartNo}.xml` });
      chartNo++;
      return anchorXml(chart, i, `rId${i + 1}`);
    });
    zip.file(
      drawingPath,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${anchors.join('')}</xdr:wsDr>`,
    );
    zip.file(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relsXml(drawingRels));
    contentTypes = contentTypes.replace('</Types>', `<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/></Types>`);

    // the sheet's relationships: keep exceljs' own (tables, hyperlinks), add the drawing
    const sheetFile = part.split('/').pop() as string;
    const relsPath = `${part.slice(0, part.length - sheetFile.length)}_rels/${sheetFile}.rels`;
    const existingRels = zip.file(relsPath) ? await read(zip, relsPath) : relsXml([]);
    const ids = new Set((existingRels.match(/<Relationship\b[^>]*>/g) ?? []).map((m) => attr(m, 'Id')));
    let relId = ids.size + 1;
    while (ids.has(`rId${relId}`)) relId++;
    const drawingRel = `<Relationship Id="rId${relId}" Type="${REL_DRAWING}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    zip.file(relsPath, existingRels.includes('</Relationships>') ? existingRels.replace('</Relationships>', `${drawingRel}</Relationships>`) : existingRels.replace(/<Relationships([^>]*)\/>/, `<Relationships$1>${drawingRel}</Relationships>`));

    if (!/xmlns:r="/.test(sheetXml.slice(0, sheetXml.indexOf('>', sheetXml.indexOf('<worksheet'))))) {
      sheetXml = sheetXml.replace('<worksheet', `<worksheet xmlns:r="${NS.r}"`);
    }
    const at = Math.min(...AFTER_DRAWING.map((t) => sheetXml.indexOf(t)).filter((i) => i >= 0));
    sheetXml = `${sheetXml.slice(0, at)}<drawing r:id="rId${relId}"/>${sheetXml.slice(at)}`;
    zip.file(part, sheetXml);
    drawingNo++;
  }
  zip.file('[Content_Types].xml', contentTypes);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
