import { invalid } from '../errors/domain-errors';

/** Opaque keyset-pagination cursors: the sort key values of the last row, base64url-encoded JSON. */
export function encodeCursor(values: ReadonlyArray<string | number | null>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): Array<string | number | null> {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return values as Array<string | number | null>;
    }
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor is not valid; pass the nextCursor of the previous page');
}
