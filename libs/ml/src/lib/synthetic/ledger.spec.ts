import { DEFAULT_CATEGORIES } from '@spendguard/contracts';
import { ANOMALY_KINDS, generateLedger } from './ledger';

describe('synthetic ledger', () => {
  const ledger = generateLedger({ seed: 42, customers: 12 });

  it('is deterministic per seed and differs between seeds', () => {
    const again = generateLedger({ seed: 42, customers: 12 });
    expect(again.transactions).toEqual(ledger.transactions);
    const other = generateLedger({ seed: 43, customers: 12 });
    expect(other.transactions.slice(0, 50)).not.toEqual(ledger.transactions.slice(0, 50));
  });

  it('a customer does not depend on how many customers are generated', () => {
    const small = generateLedger({ seed: 42, customers: 3 });
    const u2 = (txns: typeof small.transactions) => txns.filter((t) => t.userId === 'u0002');
    expect(u2(small.transactions)).toEqual(u2(ledger.transactions));
    const offset = generateLedger({ seed: 42, customers: 1, firstCustomerIndex: 2 });
    expect(offset.transactions).toEqual(u2(ledger.transactions));
  });

  it('produces valid, unique, time-ordered transactions in the default taxonomy', () => {
    const ids = new Set(ledger.transactions.map((t) => t.txnId));
    expect(ids.size).toBe(ledger.transactions.length);
    const byUser = new Map<string, string[]>();
    const categories = new Set<string>(DEFAULT_CATEGORIES);
    for (const t of ledger.transactions) {
      const valid =
        t.amount > 0 &&
        Math.round(t.amount * 100) / 100 === t.amount &&
        categories.has(t.category) &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00$/.test(t.occurredAt) &&
        t.occurredAt.startsWith(t.date) &&
        t.description.length > 3 &&
        !/[{}]/.test(t.description);
      if (!valid) throw new Error(`invalid synthetic transaction ${JSON.stringify(t)}`);
      const list = byUser.get(t.userId) ?? [];
      list.push(t.occurredAt);
      byUser.set(t.userId, list);
    }
    for (const times of byUser.values()) expect([...times].sort()).toEqual(times);
    expect(ledger.customers).toHaveLength(12);
  });

  it('spans 24 months ending at the fixed end date, 30-90 transactions per customer-month', () => {
    const dates = ledger.transactions.map((t) => t.date).sort();
    expect(dates[0] >= '2024-11-01').toBe(true);
    expect(dates[dates.length - 1] <= '2026-10-31').toBe(true);
    const perMonth = ledger.transactions.length / 12 / 24;
    expect(perMonth).toBeGreaterThanOrEqual(30);
    expect(perMonth).toBeLessThanOrEqual(90);
  });

  it('labels about 1% injected anomalies of all five kinds, and marks look-alikes and recurring series', () => {
    const big = generateLedger({ seed: 7, customers: 30 });
    const labelled = big.transactions.filter((t) => t.anomaly);
    const rate = labelled.length / big.transactions.length;
    expect(rate).toBeGreaterThan(0.006);
    expect(rate).toBeLessThan(0.015);
    for (const kind of ANOMALY_KINDS) expect(labelled.filter((t) => t.anomaly === kind).length).toBeGreaterThan(5);
    const lookalikes = new Set(big.transactions.map((t) => t.lookalike).filter(Boolean));
    for (const l of ['big_normal_purchase', 'repeated_small_fares', 'late_night_dining']) expect(lookalikes).toContain(l);
    expect(big.transactions.some((t) => t.recurring?.startsWith('subscription:'))).toBe(true);
    expect(big.transactions.some((t) => t.recurring === 'bill:electricity')).toBe(true);
  });

  it('plants one fresh labelled anomaly at a new merchant for every n-th customer and leaves the rest unchanged', () => {
    const endDate = '2026-11-22';
    const plain = generateLedger({ seed: 42, customers: 7, endDate });
    const planted = generateLedger({ seed: 42, customers: 7, endDate, recentAnomalies: { days: 2, every: 3 } });
    const strip = ({ txnId: _id, ...t }: (typeof plain.transactions)[number]) => t;
    for (const [c, customer] of plain.customers.entries()) {
      const before = plain.transactions.filter((t) => t.userId === customer.userId);
      const after = planted.transactions.filter((t) => t.userId === customer.userId);
      const extra = after.filter((t) => !before.some((b) => b.occurredAt === t.occurredAt && b.merchant === t.merchant && b.amount === t.amount));
      if (c % 3 !== 0) {
        expect(after).toEqual(before);
        continue;
      }
      expect(extra).toHaveLength(1);
      const [fresh] = extra;
      expect(fresh.anomaly).toBe('new_merchant_large');
      expect(['2026-11-21', '2026-11-22']).toContain(fresh.date);
      expect(fresh.amount).toBeGreaterThanOrEqual(250);
      const lastYear = before.filter((t) => t.date > '2025-11-22' && !t.anomaly).reduce((sum, t) => sum + t.amount, 0);
      expect(fresh.amount).toBeGreaterThanOrEqual(0.25 * (lastYear / 12));
      expect(before.some((t) => t.merchant === fresh.merchant)).toBe(false);
      expect(after.filter((t) => t !== fresh).map(strip)).toEqual(before.map(strip));
    }
  });

  it('duplicate charges repeat an earlier charge of the same merchant and amount within hours', () => {
    const big = generateLedger({ seed: 7, customers: 30 });
    const dups = big.transactions.filter((t) => t.anomaly === 'duplicate_charge');
    for (const d of dups) {
      const twin = big.transactions.find(
        (t) => t.userId === d.userId && t !== d && t.merchant === d.merchant && t.amount === d.amount && t.occurredAt <= d.occurredAt,
      );
      expect(twin).toBeDefined();
    }
  });

  it('heats in winter: electricity bills are higher in January than in July', () => {
    const big = generateLedger({ seed: 5, customers: 30, anomalyRate: 0 });
    const avg = (mm: string) => {
      const xs = big.transactions.filter((t) => t.recurring === 'bill:electricity' && t.date.slice(5, 7) === mm).map((t) => t.amount);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(avg('01')).toBeGreaterThan(avg('07') * 1.2);
    expect(big.transactions.every((t) => t.anomaly === null)).toBe(true);
  });

  it('generates 50 customers x 24 months quickly', () => {
    const t0 = performance.now();
    generateLedger({ seed: 1, customers: 50 });
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
