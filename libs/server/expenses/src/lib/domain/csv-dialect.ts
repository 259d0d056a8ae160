/** Reading CSV text: encoding, delimiter detection, records with their line numbers. */
import { parse } from 'csv-parse/sync';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** UTF-8 (a BOM is dropped); files that are not valid UTF-8 are read as Windows-1252, as spreadsheet exports often are. */
export function decodeCsv(buffer: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(buffer), encoding: 'windows-1252' };
  }
}

/** Counts each candidate outside double quotes, per line, over the first lines. */
function countsPerLine(lines: readonly string[], delimiter: string): number[] {
  return lines.map((line) => {
    let n = 0;
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === delimiter) n++;
    }
    return n;
  });
}

/**
 * The delimiter that splits the header and the first rows into the same number (> 0) of fields most
 * consistently; ties go to the more frequent one. Falls back to a comma.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = text
    .slice(0, 64 * 1024)
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 30);
  if (lines.length > 1) lines.pop(); // the last sampled line may be cut off
  let best: { d: Delimiter; score: number; fields: number } = { d: ',', score: -1, fields: 0 };
  for (const d of DELIMITERS) {
    const counts = countsPerLine(lines, d);
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((c) => c === header).length / counts.length;
    const score = consistent * 1000 + header;
    if (score > best.score) best = { d, score, fields: header };
  }
  return best.d;
}

export interface CsvRecord {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

/**
 * All records of the file, the first one being the header. Blank lines are ignored. Line endings are unified
 * first (CRLF and CR become LF) so that line numbers stay exact even with line breaks inside quoted fields.
 */
export function readCsvRecords(text: string, delimiter: Delimiter): CsvRecord[] {
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text.replace(/\r\n?/g, '\n'), {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    const line = typeof e.lines === 'number' ? e.lines : null;
    const reason = String(e.message ?? 'unreadable').replace(/^Invalid Record Length: /, '').replace(/,? ?at line \d+.*$/i, '');
    throw new CsvSyntaxError(`The file is not valid CSV${line ? ` (line ${line})` : ''}: ${reason}`, line);
  }
  const out: CsvRecord[] = new Array(parsed.length);
  for (let i = 0; i < parsed.length; i++) {
    const { record, info } = parsed[i];
    let newlines = 0;
    for (const field of record) {
      for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) newlines++;
    }
    out[i] = { line: info.lines - newlines, fields: record };
  }
  return out;
}
