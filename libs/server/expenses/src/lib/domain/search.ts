/**
 * A PostgreSQL `to_tsquery('simple', ...)` text from free user input: every word becomes a prefix term, all
 * terms must match. Only letters and digits survive, so the result is always a valid query (or null).
 */
export function toPrefixTsQuery(input: string): string | null {
  const words = input
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (!words.length) return null;
  return words.map((w) => `${w}:*`).join(' & ');
}
