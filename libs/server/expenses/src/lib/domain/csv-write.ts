/** Writing CSV cells (RFC 4180 quoting) for exports. */

/**
 * Quotes a text cell when needed. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start) is prefixed with an apostrophe, so an exported description can never execute.
 */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}
