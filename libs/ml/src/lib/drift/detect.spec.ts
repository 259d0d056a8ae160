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

  it('injects twice the purchases of a main category at its usual amounts', () => {
    const rng = createRng(11);
    const txns = ledgers[0];
    const twice = injectRegimeShift(txns, 'doubled_category_frequency', rng, asOf);
    const added = twice.transactions.slice(txns.length);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((t) => t.category === twice.category && String(t.occurredAt).slice(0, 10) <= asOf && String(t.occurredAt).slice(0, 10) >= '2026-10-02')).toBe(true);
    const usual = new Set(txns.filter((t) => t.category === twice.category).map((t) => t.amount));
    expect(added.every((t) => usual.has(t.amount))).toBe(true);
  });

  it('finds doubled amounts in a category of mixed small and large purchases (coffees and dinners)', () => {
    const start = Date.parse('2025-01-01T00:00:00Z') / 86400000;
    const make = (double: boolean): ExpenseInput[] => {
      const out: ExpenseInput[] = [];
      for (let d = 0; d < 640; d++) {
        const iso = new Date((start + d) * 86400000).toISOString().slice(0, 10);
        const k = double && d >= 610 ? 2 : 1;
        if (iso.endsWith('-02')) out.push({ id: `r${d}`, occurredAt: `${iso}T09:00:00`, amount: 1500, category: 'Housing', merchant: 'Landlord', description: 'RENT' });
        if (d % 3 === 0) out.push({ id: `g${d}`, occurredAt: `${iso}T18:00:00`, amount: 40 + (d % 7) * 3, category: 'Groceries', merchant: 'Shop', description: 'SHOP' });
        if (d % 2 === 0) out.push({ id: `c${d}`, occurredAt: `${iso}T08:00:00`, amount: k * (4.5 + (d % 5) * 0.2), category: 'Dining', merchant: 'Cafe', description: 'CAFE' });
        if (d % 4 === 1) out.push({ id: `d${d}`, occurredAt: `${iso}T20:00:00`, amount: k * (55 + (d % 9) * 4), category: 'Dining', merchant: 'Bistro', description: 'BISTRO' });
      }
      return out;
    };
    const last = new Date((start + 639) * 86400000).toISOString().slice(0, 10);
    expect(analyseDrift(make(false), { asOf: last }).alarm).toBe(false);
    const r = analyseDrift(make(true), { asOf: last });
    expect(r.alarm).toBe(true);
    const dining = r.categories.find((c) => c.category === 'Dining');
    expect(dining?.reasons).toContain('amounts');
    expect(dining?.amountRatio).toBeGreaterThan(1.8);
    expect(dining?.amountRatio).toBeLessThan(2.2);
    expect(dining?.amountZ).toBeGreaterThan(2.5);
    expect(dining?.delta).toBeGreaterThan(0);
    expect(r.summary).toContain('Dining');
  });

  it('flags a second rent payment in the month (level test), not a usual month', () => {
    const rent: ExpenseInput[] = [];
    const start = Date.parse('2025-01-01T00:00:00Z') / 86400000;
    for (let d = 0; d < 640; d++) {
      const iso = new Date((start + d) * 86400000).toISOString().slice(0, 10);
      if (iso.endsWith('-02')) rent.push({ id: `r${d}`, occurredAt: `${iso}T09:00:00`, amount: 1500, category: 'Housing', merchant: 'Landlord', description: 'RENT' });
      if (d % 3 === 0) rent.push({ id: `g${d}`, occurredAt: `${iso}T18:00:00`, amount: 40 + (d % 7) * 3, category: 'Groceries', merchant: 'Shop', description: 'SHOP' });
    }
    const last = new Date((start + 639) * 86400000).toISOString().slice(0, 10);
    expect(analyseDrift(rent, { asOf: last }).alarm).toBe(false);
    const extra = [...rent, { id: 'extra', occurredAt: `${new Date((start + 630) * 86400000).toISOString().slice(0, 10)}T09:00:00`, amount: 1500, category: 'Housing', merchant: 'Landlord', description: 'RENT' }];
    const r = analyseDrift(extra, { asOf: last });
    expect(r.alarm).toBe(true);
    const housing = r.categories.find((c) => c.category === 'Housing');
    expect(housing?.reasons).toContain('level');
    expect(housing?.levelZ).toBeGreaterThanOrEqual(4);
    expect(r.summary).toContain('Housing');
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
