import type { ExpenseInput } from '../common';
import { generateLedger } from '../synthetic';
import { behaviourSignals } from '../signals';
import { detectRecurring } from './detect';

const tx = (id: string, date: string, amount: number, merchant: string, category = 'Subscriptions'): ExpenseInput => ({ id, occurredAt: `${date}T09:00:00`, amount, category, merchant, description: `${merchant.toUpperCase()} *REF${id}` });

describe('recurring charges', () => {
  it('finds a monthly subscription with a price change and predicts the next charge', () => {
    const txns = [
      tx('1', '2026-01-05', 15.49, 'Netflix'),
      tx('2', '2026-02-05', 15.49, 'Netflix'),
      tx('3', '2026-03-06', 15.49, 'Netflix'),
      tx('4', '2026-04-05', 17.99, 'Netflix'),
      tx('5', '2026-05-05', 17.99, 'Netflix'),
      tx('x', '2026-03-17', 62.1, 'Corner Cafe', 'Dining'),
    ];
    const [r, ...rest] = detectRecurring(txns, { asOf: '2026-05-20' });
    expect(rest).toHaveLength(0);
    expect(r.cadence).toBe('monthly');
    expect(r.nextExpectedDate).toBe('2026-06-05');
    expect(r.nextExpectedAmount).toBe(17.99);
    expect(r.priceChanges).toEqual([expect.objectContaining({ from: 15.49, to: 17.99, date: '2026-04-05' })]);
    expect(r.status).toBe('active');
  });

  it('weekly and yearly rhythms, new and stopped series, fewer than three charges ignored', () => {
    const weekly = ['2026-04-01', '2026-04-08', '2026-04-15', '2026-04-22'].map((d, i) => tx(`w${i}`, d, 12, 'Gym class', 'Health'));
    const yearly = ['2023-03-10', '2024-03-11', '2025-03-10'].map((d, i) => tx(`y${i}`, d, 99, 'Domain renewal'));
    const two = ['2026-03-01', '2026-04-01'].map((d, i) => tx(`t${i}`, d, 9.99, 'Twice only'));
    const res = detectRecurring([...weekly, ...yearly, ...two], { asOf: '2026-04-25' });
    const gym = res.find((r) => r.merchant === 'Gym class');
    const dom = res.find((r) => r.merchant === 'Domain renewal');
    expect(gym?.cadence).toBe('weekly');
    expect(gym?.status).toBe('new');
    expect(dom?.cadence).toBe('yearly');
    expect(dom?.status).toBe('stopped');
    expect(res.find((r) => r.merchant === 'Twice only')).toBeUndefined();
  });

  it('recovers most of the synthetic ledger’s bills and subscriptions with few false series', () => {
    const ledger = generateLedger({ seed: 'recurring-spec', customers: 5, months: 12, anomalyRate: 0 });
    let truthSeries = 0;
    let found = 0;
    let detected = 0;
    let correct = 0;
    for (const c of ledger.customers) {
      const own = ledger.transactions.filter((t) => t.userId === c.userId);
      const res = detectRecurring(own.map((t) => ({ id: t.txnId, occurredAt: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description })));
      const ids = new Set(res.flatMap((r) => r.transactionIds));
      const byKey = new Map<string, string[]>();
      for (const t of own) if (t.recurring && /^(subscription|bill):/.test(t.recurring)) byKey.set(t.recurring, [...(byKey.get(t.recurring) ?? []), t.txnId]);
      for (const [, txIds] of byKey) {
        if (txIds.length < 3) continue;
        truthSeries++;
        if (txIds.filter((id) => ids.has(id)).length >= 0.7 * txIds.length) found++;
      }
      const recurringIds = new Set(own.filter((t) => t.recurring).map((t) => t.txnId));
      for (const r of res) {
        detected++;
        if (r.transactionIds.filter((id) => recurringIds.has(id)).length >= 0.5 * r.transactionIds.length) correct++;
      }
    }
    expect(truthSeries).toBeGreaterThan(10);
    expect(found / truthSeries).toBeGreaterThan(0.8);
    expect(correct / detected).toBeGreaterThan(0.7);
  });
});

describe('behaviour signals', () => {
  it('computes 30- and 180-day windows', () => {
    const ledger = generateLedger({ seed: 'signals-spec', customers: 1, months: 9, anomalyRate: 0 });
    const txns = ledger.transactions.map((t) => ({ id: t.txnId, occurredAt: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description }));
    const s = behaviourSignals(txns);
    const w30 = s.windows['30d'];
    const w180 = s.windows['180d'];
    expect(w180.totalSpend).toBeGreaterThan(w30.totalSpend * 3);
    expect(w30.recurringMerchantCount).toBeGreaterThan(0);
    expect(w30.subscriptionShare).toBeGreaterThan(0);
    expect(w30.subscriptionShare).toBeLessThanOrEqual(1);
    expect(w180.categoryConcentration).toBeGreaterThan(0);
    expect(w180.categoryConcentration).toBeLessThanOrEqual(1);
    expect(w180.spendVolatility).toBeGreaterThan(0);
    expect(w30.monthlyRecurringSpend).toBeGreaterThan(0);
  });
});
