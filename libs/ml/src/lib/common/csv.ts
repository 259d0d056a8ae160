import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Read a CSV file with a header row into records keyed by column name. */
export function readCsvRecords(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
}

/** Read a numeric CSV (header f0..fN,label as in the ODDS sets) into features and 0/1 labels. */
export function readNumericCsv(file: string, labelColumn = 'label'): { names: string[]; X: number[][]; y: number[] } {
  const records = readCsvRecords(file);
  if (records.length === 0) return { names: [], X: [], y: [] };
  const names = Object.keys(records[0]).filter((c) => c !== labelColumn);
  const X = records.map((r) => names.map((c) => Number(r[c])));
  const y = records.map((r) => (Number(r[labelColumn]) ? 1 : 0));
  return { names, X, y };
}
