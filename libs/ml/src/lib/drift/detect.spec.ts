import { createRng } from '../common';
import type { ExpenseInput } from '../common';
import { generateLedger } from '../synthetic';
import { analyseDrift, detectDrift, driftWindows } from './detect';
import { injectRegimeShift } from './simulate';

function customers(n: number): ExpenseInput[][] {
  const ledger = generateLedger({ seed: 'drift-spec', customers: n, months: 24, endDate: '2026-10-31', anomalyRate: 0 });
  const by = new Map<string, ExpenseInput[]>();
  for (const t of ledger.transactions) {
    const l = by.get(t.userId) ?? [];
    l.push({ id: t.txnId, occurredAt: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description });
    by.set(t.userId, l);
  }
  return [...by.values()];
}

describe('drift detector', () => {
  const ledgers = customers(8);
  const asOf = '2026-10-31';

  it('uses the same season a year earlier as reference when history allows', () => {
    const day = Math.floor(Date.parse('2026-10-31T00:00:00Z') / 86400000);
    const w = driftWindows(day - 700, day);
    expect(w.seasonal).toBe(true);
    expect(w.reference[1] - w.reference[0] + 1).toBe(180);
    expect(day - 15 - 365).toBeGreaterThan(w.reference[0]);
    expect(day - 15 - 365).toBeLessThan(w.reference[1]);
    expect(driftWindows(day - 250, day).seasonal).toBe(false);
  });

  it('stays quiet on most normal customers and catches a new large recurring category, naming it', () => {
    const rng = createRng(5);
    let quiet = 0;
    for (const txns of ledgers) {
      const normal = analyseDrift(txns, { asOf });
      expect(normal.sufficient).toBe(true);
      expect(normal.js).toBeGreaterThanOrEqual(0);
      if (!normal.alarm) quiet++;
      const shift = injectRegimeShift(txns, 'new_recurring_category', rng, asOf);
      const r = analyseDrift(shift.transactions, { asOf });
      expect(r.alarm).toBe(true);
      const named = r.categories.find((c) => c.category === shift.category);
      expect(named?.direction).toBe('new');
      expect(named?.significant).toBe(true);
      expect(named?.delta).toBeGreaterThan(0.05);
      expect(r.summary).toContain(shift.category);
    }
    expect(quiet).toBeGreaterThanOrEqual(6);
  });

  it('detectDrift compares two explicit windows', () => {
    const mk = (cat: string, n: number, amount: number, startDay: number): ExpenseInput[] =>
      Array.from({ length: n }, (_, i) => ({ id: `${cat}${startDay}${i}`, occurredAt: new Date((startDay + i) * 86400000).toISOString().slice(0, 10), amount, category: cat, merchant: cat, description: cat }));
    const reference = [...mk('Groceries', 120, 50, 20000), ...mk('Dining', 60, 30, 20000)];
    const same = detectDrift([...mk('Groceries', 20, 50, 20180), ...mk('Dining', 10, 30, 20180)], reference);
    expect(same.js).toBeLessThan(0.05);
    const moved = detectDrift([...mk('Groceries', 20, 50, 20180), ...mk('Travel', 3, 900, 20180)], reference, { jsFloor: 0.2, mixAlarm: true });
    expect(moved.js).toBeGreaterThan(0.3);
    expect(moved.categories[0].category).toBe('Travel');
    expect(moved.alarm).toBe(true);
  });
});
