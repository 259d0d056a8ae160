import { generateLedger } from '@spendguard/ml';
import { analyseCustomerHistory, type AnalyseCustomerInput } from './analyse';
import { addDays, monthRange } from './calendar';
import type { BudgetLine, FindingContext, HistoryExpense } from './findings.types';

const asOf = '2026-10-20';
const ctx: FindingContext = { tenantCurrency: 'USD', tenantLocale: 'en-US', asOf, customerId: 'cust-42', customerName: 'Test Customer' };
const catId = (c: string) => `cat-${c.toLowerCase().replace(/[^a-z]+/g, '-')}`;

function syntheticCustomer(seed: number): HistoryExpense[] {
  const ledger = generateLedger({ seed, customers: 1, endDate: asOf });
  const out: HistoryExpense[] = ledger.transactions.map((t) => ({
    id: t.txnId,
    occurredAt: t.occurredAt,
    occurredOn: t.date,
    amount: t.amount,
    originalAmount: t.amount.toFixed(2),
    currency: 'USD',
    category: t.category,
    categoryId: catId(t.category),
    merchant: t.merchant,
    description: t.description,
  }));
  const add = (id: string, on: string, amount: number, merchant: string) =>
    out.push({ id, occurredAt: `${on}T09:15:00`, occurredOn: on, amount, originalAmount: amount.toFixed(2), currency: 'USD', category: 'Subscriptions', categoryId: catId('Subscriptions'), merchant, description: merchant.toUpperCase() });
  // a subscription that started two months ago, and one whose price went up this month
  for (const on of ['2026-08-14', '2026-09-14', '2026-10-14']) add(`acme-${on}`, on, 9.99, 'Acme Cloud Storage');
  for (const m of monthRange('2025-10', '2026-09')) add(`box-${m}`, `${m}-06`, 12.99, 'StreamBox');
  add('box-2026-10', '2026-10-06', 14.99, 'StreamBox');
  // a grocery bill twenty times the usual one at the customer's own grocery store
  const groceries = out.filter((e) => e.category === 'Groceries');
  const store = groceries[groceries.length - 1];
  const usual = groceries.map((e) => e.amount).sort((a, b) => a - b)[groceries.length >> 1];
  const spike = Math.round(usual * 20 * 100) / 100;
  out.push({ ...store, id: 'spike', occurredAt: '2026-10-18T16:40:00', occurredOn: '2026-10-18', amount: spike, originalAmount: spike.toFixed(2) });
  return out.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}

function monthTotal(history: HistoryExpense[], category: string, month: string): number {
  return history.filter((e) => e.category === category && e.occurredOn.startsWith(month)).reduce((a, e) => a + e.amount, 0);
}

describe('analyseCustomerHistory on a synthetic customer', () => {
  const history = syntheticCustomer(11);
  const months = monthRange('2025-10', '2026-09');
  const typical = (c: string) => months.map((m) => monthTotal(history, c, m)).sort((a, b) => a - b)[6];
  const budgets: BudgetLine[] = [
    // half a usual month: clearly overrun by the 20th
    { categoryId: catId('Dining'), category: 'Dining', amount: Math.round(typical('Dining') * 0.5) },
    // five usual months: never overrun
    { categoryId: catId('Groceries'), category: 'Groceries', amount: Math.round(typical('Groceries') * 5) },
  ];
  const input: AnalyseCustomerInput = { context: ctx, history, budgets, flagBudget: 0.02, recentDays: 30, seed: 5 };
  let run: Awaited<ReturnType<typeof analyseCustomerHistory>>;

  beforeAll(async () => {
    run = await analyseCustomerHistory(input);
  });

  it('scores every expense and keeps the model', () => {
    expect(run.scored.length).toBe(history.length);
    expect(run.counts.transactions).toBe(history.length);
    expect(run.model?.metadata.format).toBe('spendguard.anomaly.v1');
    expect(run.counts.flagged).toBe(run.scored.filter((s) => s.flagged).length);
    expect(run.counts.drafts).toBe(run.drafts.length);
    for (const k of ['features', 'detectors', 'forecast', 'drift', 'recurring', 'findings', 'total'] as const) expect(run.timings[k]).toBeGreaterThanOrEqual(0);
  });

  it('anomaly drafts are exactly the flagged expenses of the recent window', () => {
    const byId = new Map(history.map((e) => [e.id, e]));
    const from = addDays(asOf, -29);
    const expected = run.scored.filter((s) => s.flagged && (byId.get(s.txnId)?.occurredOn ?? '') >= from).map((s) => `anomaly:expense:${s.txnId}`);
    const anomalies = run.drafts.filter((d) => d.type === 'anomaly');
    expect(anomalies.map((d) => d.fingerprint).sort()).toEqual(expected.sort());
    expect(anomalies.length).toBe(run.counts.flaggedRecent);
    expect(anomalies.map((d) => d.fingerprint)).toContain('anomaly:expense:spike');
    for (const d of anomalies) {
      const id = (d.subject.expenseIds ?? [])[0];
      const e = byId.get(id) as HistoryExpense;
      expect(e.occurredOn >= from && e.occurredOn <= asOf).toBe(true);
      expect(d.message).toContain(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(e.amount));
      expect(d.pattern).toMatch(/^anomaly:merchant:[a-z&-]+:(amount|new_merchant|duplicate|odd_time|category)$/);
    }
  });

  it('budget overrun for the tight budget only, on the month so far', () => {
    const overruns = run.drafts.filter((d) => d.type === 'forecast_overrun');
    expect(overruns.map((d) => d.fingerprint)).toEqual([`forecast_overrun:${catId('Dining')}:2026-10`]);
    const p = run.projections.find((x) => x.categoryId === catId('Dining'));
    expect(p?.spentSoFar).toBeCloseTo(monthTotal(history, 'Dining', '2026-10'), 6);
    expect(p?.daysElapsed).toBe(20);
    expect(p?.daysInMonth).toBe(31);
    const g = run.projections.find((x) => x.categoryId === catId('Groceries'));
    expect(g && g.low <= g.projected && g.projected <= g.high).toBe(true);
  });

  it('forecasts per category from this month on, with intervals', () => {
    expect(run.forecasts.length).toBeGreaterThan(5);
    for (const f of run.forecasts) {
      expect(f.forecast.map((x) => x.month)).toEqual(['2026-10', '2026-11', '2026-12']);
      for (const x of f.forecast) expect(x.lo <= x.mean && x.mean <= x.hi).toBe(true);
      expect(f.history.length).toBeGreaterThanOrEqual(12);
    }
  });

  it('recurring changes: the new subscription and the price rise', () => {
    const fps = run.drafts.filter((d) => d.type === 'recurring_change').map((d) => d.fingerprint);
    expect(fps).toContain('recurring_change:acme-cloud-storage:new');
    expect(fps).toContain('recurring_change:streambox:price:1499');
  });

  it('a drift finding exactly when the drift analysis alarms; fingerprints unique', () => {
    expect(run.drafts.some((d) => d.type === 'drift')).toBe(run.drift.alarm);
    expect(new Set(run.drafts.map((d) => d.fingerprint)).size).toBe(run.drafts.length);
    for (const d of run.drafts) expect(d.title.length).toBeLessThanOrEqual(80);
  });

  it('is deterministic for a seed, and the nightly default window is three days', async () => {
    const again = await analyseCustomerHistory(input);
    expect(again.drafts).toEqual(run.drafts);
    expect(again.scored).toEqual(run.scored);
    const nightly = await analyseCustomerHistory({ ...input, recentDays: undefined });
    const from = addDays(asOf, -2);
    const byId = new Map(history.map((e) => [e.id, e]));
    expect(nightly.drafts.map((d) => d.fingerprint)).toContain('anomaly:expense:spike');
    for (const d of nightly.drafts.filter((x) => x.type === 'anomaly')) expect((byId.get((d.subject.expenseIds ?? [])[0]) as HistoryExpense).occurredOn >= from).toBe(true);
    expect(nightly.drafts.filter((d) => d.type !== 'anomaly')).toEqual(run.drafts.filter((d) => d.type !== 'anomaly'));
  });

  it('with a reused model: scores only the recent window against it and raises the same findings', async () => {
    const reused = await analyseCustomerHistory({ ...input, reuseModel: run.model });
    expect(run.retrained).toBe(true);
    expect(reused.retrained).toBe(false);
    expect(reused.model).toBe(run.model);
    const byId = new Map(history.map((e) => [e.id, e]));
    const from = addDays(asOf, -29);
    expect(reused.scored.length).toBe(history.filter((e) => e.occurredOn >= from).length);
    for (const s of reused.scored) expect((byId.get(s.txnId) as HistoryExpense).occurredOn >= from).toBe(true);
    // the same model's scores (LOF in novelty mode rather than in-sample: close, not equal), the same flags and drafts
    const trained = new Map(run.scored.map((s) => [s.txnId, s]));
    for (const s of reused.scored) expect(Math.abs(s.score - (trained.get(s.txnId) as { score: number }).score)).toBeLessThan(0.05);
    expect(reused.scored.filter((s) => s.flagged).map((s) => s.txnId).sort()).toEqual(
      run.scored.filter((s) => s.flagged && (byId.get(s.txnId) as HistoryExpense).occurredOn >= from).map((s) => s.txnId).sort(),
    );
    expect(reused.drafts).toEqual(run.drafts);
  });

  it('with a reused model, the month flag budget still caps the flags', async () => {
    const reused = await analyseCustomerHistory({ ...input, flagBudget: 0.0001, reuseModel: run.model });
    const flagged = reused.scored.filter((s) => s.flagged);
    expect(flagged.map((s) => s.txnId)).toEqual(['spike']);
  });
});

it('a customer with almost no history gets no model and no error', async () => {
  const e = (id: string, on: string): HistoryExpense => ({ id, occurredAt: `${on}T10:00:00`, occurredOn: on, amount: 20, originalAmount: '20.00', currency: 'USD', category: 'Dining', categoryId: 'cat-dining', merchant: 'Cafe', description: 'CAFE' });
  const res = await analyseCustomerHistory({ context: ctx, history: [e('a', '2026-10-01'), e('b', '2026-10-19')], budgets: [{ categoryId: 'cat-dining', category: 'Dining', amount: 30 }], flagBudget: 0.02 });
  expect(res.model).toBeNull();
  expect(res.scored).toEqual([]);
  expect(res.forecasts).toEqual([]);
  // 40 spent of a 30 budget: over already
  expect(res.drafts.map((d) => d.fingerprint)).toEqual(['forecast_overrun:cat-dining:2026-10']);
});
