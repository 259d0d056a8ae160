/** Reading CSV text: encoding, delimiter detection, records with their line numbers (no dependencies). */

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

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * All records of the file, the first one being the header, each with the line it starts on. RFC 4180 quoting
 * (doubled quotes inside quoted fields, line breaks inside them); CRLF, LF and CR line ends; blank lines skipped;
 * a quote inside an unquoted field is kept as text. One pass, no copies of the whole text.
 */
export function readCsvRecords(input: string, delimiter: Delimiter): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  const out: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let fieldStart = true;
    for (;;) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const ch = text.charCodeAt(i);
      if (ch === delim) {
        fields.push(field);
        field = '';
        fieldStart = true;
        i++;
        continue;
      }
      if (ch === LF || ch === CR) {
        fields.push(field);
        i += ch === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        break;
      }
      if (fieldStart && ch === QUOTE) {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvSyntaxError(`The file is not valid CSV (line ${startLine}): a quoted field is never closed`, startLine);
          const chunk = text.slice(i, q);
          if (chunk.indexOf('\n') >= 0 || chunk.indexOf('\r') >= 0) {
            const normalised = chunk.replace(/\r\n?/g, '\n');
            for (let k = normalised.indexOf('\n'); k >= 0; k = normalised.indexOf('\n', k + 1)) line++;
            field += normalised;
          } else {
            field += chunk;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        fieldStart = false;
        continue;
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delim || c === LF || c === CR) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
      fieldStart = false;
    }
    if (fields.length > 1 || fields[0] !== '') out.push({ line: startLine, fields });
  }
  return out;
}
