/** FX rates are NUMERIC(18,8): one unit of a currency in the tenant's base currency, > 0, at most 8 decimals. */
export type RateParse = { ok: true; value: string } | { ok: false; message: string };

export function parseRate(input: unknown, field = 'rate'): RateParse {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: `${field} must be a positive decimal` };
    text = String(input);
  } else if (typeof input === 'string') text = input.trim();
  else return { ok: false, message: `${field} must be a positive decimal given as a string or a number` };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return { ok: false, message: `${field} must be a positive decimal such as 1.0845` };
  const int = m[1].replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 8) return { ok: false, message: `${field} must have at most 8 decimals` };
  if (int.length > 10) return { ok: false, message: `${field} is out of range` };
  if (/^0*$/.test(int + frac)) return { ok: false, message: `${field} must be greater than zero` };
  return { ok: true, value: frac ? `${int}.${frac}` : int };
}
