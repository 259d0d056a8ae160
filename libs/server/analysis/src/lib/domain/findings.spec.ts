import type { CategoryShift, DriftResult, RecurringSeries, ScoredTransaction } from '@spendguard/ml';
import { addMonths, monthRange } from './calendar';
import { anomalyKind, anomalySeverity, buildFindings, typicalMonthlySpend, type BudgetProjection } from './findings';
import type { FindingContext, FindingDraft, HistoryExpense } from './findings.types';
import { createFormatter, formatterFor, truncate } from './format';
import { findingScore, SEVERITY_BANDS } from './scoring';

const ctx: FindingContext = { tenantCurrency: 'GBP', tenantLocale: 'en-GB', asOf: '2026-03-10', customerId: 'cust-1', customerName: 'Ada Lovelace' };

function exp(id: string, on: string, amount: number, category: string, merchant: string | null, time = '12:00:00', extra: Partial<HistoryExpense> = {}): HistoryExpense {
  return {
    id,
    occurredAt: `${on}T${time}`,
    occurredOn: on,
    amount,
    originalAmount: amount.toFixed(2),
    currency: 'GBP',
    category,
    categoryId: `cat-${category.toLowerCase()}`,
    merchant,
    description: (merchant ?? 'card payment').toUpperCase(),
    ...extra,
  };
}

/** 14 complete months (2025-01 .. 2026-02) of exactly 1000 a month: rent 800 and four grocery shops of 50; March so far. */
function baseHistory(): HistoryExpense[] {
  const out: HistoryExpense[] = [];
  for (const m of monthRange('2025-01', '2026-02')) {
    out.push(exp(`rent-${m}`, `${m}-01`, 800, 'Housing', 'Oakwood Apartments', '06:00:00'));
    for (const d of ['04', '11', '18', '25']) out.push(exp(`g-${m}-${d}`, `${m}-${d}`, 50, 'Groceries', 'Corner Market', '17:30:00'));
  }
  out.push(exp('rent-2026-03', '2026-03-01', 800, 'Housing', 'Oakwood Apartments', '06:00:00'));
  out.push(exp('g-2026-03-04', '2026-03-04', 50, 'Groceries', 'Corner Market', '17:30:00'));
  return out;
}

const detectors = { lof: 0.9, ocsvm: 0.8, autoencoder: 0.85, profile: 0.99 };
const scoredOf = (id: string, score: number, reasons: string[], flagged = true): ScoredTransaction => ({ txnId: id, score, flagged, detectors, reasons });

function only<T extends FindingDraft['type']>(drafts: FindingDraft[], type: T): FindingDraft[] {
  return drafts.filter((d) => d.type === type);
}

const JARGON = /\b(LOF|OCSVM|SVM|z-score|autoencoder|ensemble|JS|PSI|KS|Jensen|percentile)\b/i;

describe('formatting', () => {
  it('formats amounts, dates and times in the tenant locale', () => {
    const gb = createFormatter('en-GB', 'GBP', '2026-03-10');
    expect(gb.money(1234.5)).toBe('£1,234.50');
    expect(gb.date('2026-03-03')).toBe('3 March');
    expect(gb.date('2025-12-24')).toBe('24 December 2025');
    expect(gb.time('2026-03-03T03:12:00')).toBe('03:12');
    const us = createFormatter('en-US', 'USD', '2026-03-10');
    expect(us.date('2026-03-03')).toBe('March 3');
    expect(us.time('2026-03-03T15:05:00')).toBe('3:05 PM');
    const de = createFormatter('de-DE', 'EUR', '2026-03-10');
    expect(de.money(1234.5)).toBe('1.234,50\u00a0€');
    // an unusable locale falls back instead of throwing
    expect(createFormatter('not a locale!', 'GBP', '2026-03-10').money(5)).toContain('5.00');
  });

  it('shares one formatter per locale, currency and analysis date', () => {
    const a = formatterFor('en-GB', 'GBP', '2026-03-10');
    expect(formatterFor('en-GB', 'GBP', '2026-03-10')).toBe(a);
    const nextYear = formatterFor('en-GB', 'GBP', '2027-01-02');
    expect(nextYear).not.toBe(a);
    // the analysis date decides when a date shows its year: a shared formatter must not carry another date's year
    expect(a.date('2026-03-03')).toBe('3 March');
    expect(nextYear.date('2026-03-03')).toBe('3 March 2026');
    expect(formatterFor('en-US', 'GBP', '2026-03-10').date('2026-03-03')).toBe('March 3');
  });

  it('truncates titles at a word boundary', () => {
    expect(truncate('short', 10)).toBe('short');
    const t = truncate('The Very Long Name Of A Merchant That Goes On', 20);
    expect(t.length).toBeLessThanOrEqual(20);
    expect(t.endsWith('…')).toBe(true);
  });
});

describe('scores and severities', () => {
  it('keeps every severity in its own band so high always outranks medium outranks low', () => {
    expect(findingScore('low', 1)).toBeLessThan(findingScore('medium', 0));
    expect(findingScore('medium', 1)).toBeLessThan(findingScore('high', 0));
    expect(findingScore('high', 1)).toBe(1);
    expect(findingScore('low', -5)).toBe(SEVERITY_BANDS.low[0]);
  });

  it('anomaly severity from score and share of a typical month', () => {
    expect(anomalySeverity(0.98, 0)).toBe('high');
    expect(anomalySeverity(0.91, 0.3)).toBe('high');
    expect(anomalySeverity(0.94, 0)).toBe('medium');
    expect(anomalySeverity(0.91, 0.12)).toBe('medium');
    expect(anomalySeverity(0.91, 0.05)).toBe('low');
  });

  it('reads the main kind of an anomaly from its reasons', () => {
    expect(anomalyKind(['3.4 x your usual Groceries spend'])).toBe('amount');
    expect(anomalyKind(['3.4 x your usual Groceries spend', 'second identical charge within 2 hours'])).toBe('duplicate');
    // a habitual identical charge is a side remark when there is stronger evidence
    expect(anomalyKind(['3.4 x your usual spend at this merchant', 'identical charge within 5 minutes'])).toBe('amount');
    expect(anomalyKind(['first purchase at this merchant', '4.0 x what you usually spend at a new Shopping merchant'])).toBe('new_merchant');
    expect(anomalyKind(['first purchase at this merchant', 'first purchase in Travel'])).toBe('category');
    expect(anomalyKind(['unusual hour for you'])).toBe('odd_time');
  });

  it('typical monthly spend is the median of complete months', () => {
    expect(typicalMonthlySpend(baseHistory(), ctx.asOf)).toBe(1000);
  });
});

describe('anomaly findings', () => {
  const history = [
    ...baseHistory(),
    exp('big', '2026-03-09', 412.5, 'Groceries', 'Corner Market', '18:00:00'),
    exp('mid', '2026-03-08', 30, 'Groceries', 'Corner Market', '18:00:00'),
    exp('small', '2026-03-10', 30, 'Groceries', 'Corner Market', '19:00:00'),
    exp('sure', '2026-03-10', 30, 'Groceries', 'Corner Market', '20:00:00'),
    exp('old', '2026-03-05', 300, 'Groceries', 'Corner Market', '18:00:00'),
    exp('edge', '2026-03-07', 30, 'Groceries', 'Corner Market', '23:59:00'),
    exp('dup', '2026-03-09', 12.99, 'Transport', 'Uber *Trip 4411', '08:10:00'),
    exp('night', '2026-03-10', 60, 'Dining', 'Late Bar', '03:12:00'),
    exp('new', '2026-03-09', 240, 'Shopping', 'Gadget Hut', '14:00:00'),
    exp('future', '2026-03-11', 999, 'Shopping', 'Gadget Hut', '14:00:00'),
  ];
  const scored: ScoredTransaction[] = [
    scoredOf('big', 0.95, ['8.3 x your usual Groceries spend', "41% of a typical month's spending"]),
    scoredOf('mid', 0.95, ['2.0 x your usual Groceries spend']),
    scoredOf('small', 0.91, ['2.0 x your usual Groceries spend']),
    scoredOf('sure', 0.985, ['2.0 x your usual Groceries spend', 'some future wording with LOF 3.2']),
    scoredOf('old', 0.99, ['6.0 x your usual Groceries spend']),
    scoredOf('edge', 0.99, ['2.0 x your usual Groceries spend']),
    scoredOf('dup', 0.92, ['second identical charge within 2 hours']),
    scoredOf('night', 0.9, ['unusual hour for you']),
    scoredOf('new', 0.96, ['first purchase at this merchant', '4.0 x what you usually spend at a new Shopping merchant']),
    scoredOf('future', 0.99, ['first purchase at this merchant']),
    scoredOf('g-2026-03-04', 0.5, [], false),
  ];
  const drafts = buildFindings({ context: ctx, history, scored });
  const byId = new Map(only(drafts, 'anomaly').map((d) => [(d.subject.expenseIds ?? [])[0], d]));

  it('one draft per flagged expense of the recent window (asOf and the two days before)', () => {
    expect([...byId.keys()].sort()).toEqual(['big', 'dup', 'mid', 'new', 'night', 'small', 'sure']);
    for (const [id, d] of byId) expect(d.fingerprint).toBe(`anomaly:expense:${id}`);
  });

  it('severity from the score and the amount, score ordered by severity', () => {
    expect(byId.get('big')?.severity).toBe('high'); // 41% of a typical month
    expect(byId.get('sure')?.severity).toBe('high'); // score 0.985
    expect(byId.get('mid')?.severity).toBe('medium');
    expect(byId.get('new')?.severity).toBe('medium');
    expect(byId.get('small')?.severity).toBe('low');
    const rank = { high: 2, medium: 1, low: 0 };
    for (let i = 1; i < drafts.length; i++) {
      expect(drafts[i - 1].score).toBeGreaterThanOrEqual(drafts[i].score);
      expect(rank[drafts[i - 1].severity]).toBeGreaterThanOrEqual(rank[drafts[i].severity]);
    }
    expect((byId.get('big') as FindingDraft).score).toBeGreaterThan((byId.get('sure') as FindingDraft).score);
  });

  it('plain, specific customer text with the formatted amount and date', () => {
    const big = byId.get('big') as FindingDraft;
    expect(big.title).toBe('Larger payment than usual at Corner Market: £412.50');
    expect(big.message).toBe(
      "We noticed a payment of £412.50 at Corner Market on 9 March. That's about 8.3 times what you usually spend on a Groceries purchase. " +
        "On its own, that's about 41% of what you usually spend in a month. If you recognise this, there's nothing to do.",
    );
    expect(big.pattern).toBe('anomaly:merchant:corner-market:amount');
    expect(big.subject).toEqual({ merchant: 'Corner Market', categoryId: 'cat-groceries', category: 'Groceries', expenseIds: ['big'] });

    const dup = byId.get('dup') as FindingDraft;
    expect(dup.pattern).toBe('anomaly:merchant:uber:duplicate');
    expect(dup.title).toBe('Possible double charge at Uber *Trip 4411: £12.99');
    expect(dup.message).toContain('within 2 hours of an identical charge');
    expect(dup.message).toContain('asking Uber *Trip 4411 about a refund');

    const night = byId.get('night') as FindingDraft;
    expect(night.pattern).toBe('anomaly:merchant:late-bar:odd_time');
    expect(night.message).toContain('It was made at 03:12');

    const fresh = byId.get('new') as FindingDraft;
    expect(fresh.pattern).toBe('anomaly:merchant:gadget-hut:new_merchant');
    expect(fresh.title).toBe('First payment to Gadget Hut: £240.00');
    expect(fresh.message).toContain("It's your first payment to Gadget Hut.");

    for (const d of drafts) {
      expect(d.title.length).toBeLessThanOrEqual(80);
      expect(`${d.title} ${d.message}`).not.toMatch(JARGON);
    }
  });

  it('unknown reason wording stays in the evidence only', () => {
    const sure = byId.get('sure') as FindingDraft;
    expect(sure.message).not.toContain('future wording');
    expect(sure.evidence['reasons']).toContain('some future wording with LOF 3.2');
  });

  it('evidence: the expense, detectors, category history by month and the merchant history', () => {
    const ev = (byId.get('big') as FindingDraft).evidence as {
      expense: { id: string; amount: number };
      detectors: Record<string, number>;
      score: number;
      categoryHistory: { month: string; total: number }[];
      merchantHistory: { id: string }[];
    };
    expect(ev.expense).toMatchObject({ id: 'big', amount: 412.5 });
    expect(ev.detectors).toEqual(detectors);
    expect(ev.score).toBe(0.95);
    expect(ev.categoryHistory[0].month).toBe('2025-01');
    expect(ev.categoryHistory[ev.categoryHistory.length - 1].month).toBe('2026-03');
    expect(ev.categoryHistory.length).toBe(15);
    expect(ev.categoryHistory.find((m) => m.month === '2025-07')?.total).toBe(200);
    // March so far: the regular shop, 'big', 'mid', 'small', 'sure', 'old' and 'edge'
    expect(ev.categoryHistory.find((m) => m.month === '2026-03')?.total).toBe(50 + 412.5 + 30 + 30 + 30 + 300 + 30);
    expect(ev.merchantHistory[0].id).toBe('big');
    expect(ev.merchantHistory.length).toBe(10);
  });

  it('the recent window is an option', () => {
    const wide = buildFindings({ context: ctx, history, scored, rules: { recentDays: 10 } });
    expect(wide.some((d) => d.fingerprint === 'anomaly:expense:old')).toBe(true);
    expect(wide.some((d) => d.fingerprint === 'anomaly:expense:edge')).toBe(true);
    expect(wide.some((d) => d.fingerprint === 'anomaly:expense:future')).toBe(false);
  });

  it('formats in the tenant locale and shows a foreign original amount', () => {
    const h = [...baseHistory(), exp('eur', '2026-03-10', 412.5, 'Groceries', 'Corner Market', '18:00:00', { originalAmount: '480.00', currency: 'USD' })];
    const [d] = buildFindings({ context: { ...ctx, tenantLocale: 'de-DE', tenantCurrency: 'EUR' }, history: h, scored: [scoredOf('eur', 0.95, ['8.3 x your usual Groceries spend'])] });
    expect(d.message).toContain('412,50\u00a0€ (480,00\u00a0$)');
    expect(d.message).toContain('10. März');
  });
});

describe('budget overrun findings', () => {
  const series = monthRange('2025-03', '2026-02').map((month) => ({ month, total: 450 }));
  const proj = (p: Partial<BudgetProjection>): BudgetProjection => ({
    categoryId: 'cat-groceries',
    category: 'Groceries',
    month: '2026-03',
    budget: 500,
    daysElapsed: 10,
    daysInMonth: 31,
    spentSoFar: 420,
    projected: 640,
    low: 590,
    high: 700,
    series,
    forecast: { mean: 460, lo: 380, hi: 560 },
    ...p,
  });

  it('alerts when even the low end is over the budget', () => {
    const [d] = buildFindings({ context: ctx, history: baseHistory(), scored: [], projections: [proj({})] });
    expect(d.type).toBe('forecast_overrun');
    expect(d.fingerprint).toBe('forecast_overrun:cat-groceries:2026-03');
    expect(d.pattern).toBe('forecast_overrun:cat-groceries');
    expect(d.severity).toBe('high'); // low end over budget and 28% over
    expect(d.title).toBe('Groceries spending is likely to go over budget in March');
    expect(d.message).toBe(
      "So far in March you've spent £420.00 on Groceries, against a budget of £500.00 for the month. " +
        'Based on how you usually spend, we expect about £640.00 by the end of the month (most likely between £590.00 and £700.00). ' +
        "To stay within budget, there's £80.00 left for the remaining 21 days. " +
        "This is just a heads-up: if you planned for the extra spending, there's nothing to do.",
    );
    expect(d.evidence).toMatchObject({ month: '2026-03', budget: 500, spentSoFar: 420, projected: 640, low: 590, high: 700, daysElapsed: 10, daysInMonth: 31, series });
    expect(d.evidence['probability']).toBeGreaterThan(0.9);
  });

  it('alerts on probability alone with a lower severity, and not when an overrun is unlikely', () => {
    const drafts = buildFindings({
      context: ctx,
      history: baseHistory(),
      scored: [],
      projections: [proj({ spentSoFar: 300, projected: 600, low: 480, high: 700 }), proj({ categoryId: 'cat-dining', category: 'Dining', spentSoFar: 150, projected: 480, low: 400, high: 560 })],
    });
    expect(drafts.map((d) => d.fingerprint)).toEqual(['forecast_overrun:cat-groceries:2026-03']);
    expect(drafts[0].severity).toBe('low');
    expect((drafts[0].evidence['probability'] as number) >= 0.8).toBe(true);
  });

  it('says so plainly when the budget is already spent', () => {
    const [d] = buildFindings({ context: ctx, history: baseHistory(), scored: [], projections: [proj({ spentSoFar: 540, projected: 700, low: 650, high: 760 })] });
    expect(d.title).toBe('Groceries spending is over budget for March');
    expect(d.message).toContain('£40.00 more than your budget of £500.00');
    expect(d.message).toContain('With 21 days to go');
  });
});

/** A category shift with the fields the findings read; the rest (diagnostics the drift analysis may add) left out. */
const shift = (c: Pick<CategoryShift, 'category' | 'shareBefore' | 'shareAfter' | 'delta' | 'spendAfter' | 'spendBeforeScaled' | 'ratio' | 'direction' | 'typical30' | 'usualRange' | 'significant'>): CategoryShift =>
  c as CategoryShift;

type CoreDrift = Pick<DriftResult, 'js' | 'jsDivergence' | 'psi' | 'ks' | 'threshold' | 'nullJs' | 'categories' | 'severity' | 'alarm' | 'sufficient' | 'windows' | 'summary'>;

/** A drift result with the fields the findings read (the analysis may add diagnostics). */
function driftResult(over: Partial<CoreDrift> = {}): DriftResult {
  const core: CoreDrift = {
    js: 0.62,
    jsDivergence: 0.38,
    psi: 0.9,
    ks: { statistic: 0.3, pValue: 0.01 },
    threshold: 0.5,
    nullJs: [0.2, 0.3],
    categories: [
      shift({ category: 'Dining', shareBefore: 0.12, shareAfter: 0.25, delta: 0.13, spendAfter: 420, spendBeforeScaled: 170, ratio: 2.47, direction: 'up', typical30: 180, usualRange: [120, 260], significant: true }),
      shift({ category: 'Groceries', shareBefore: 0.3, shareAfter: 0.22, delta: -0.08, spendAfter: 200, spendBeforeScaled: 210, ratio: 0.95, direction: 'down', typical30: 205, usualRange: [150, 260], significant: false }),
    ],
    severity: 'medium',
    alarm: true,
    sufficient: true,
    windows: { recent: ['2026-02-09', '2026-03-10'], reference: ['2025-08-13', '2026-02-08'], seasonal: false },
    summary: 'spending mix changed',
    ...over,
  };
  return core as DriftResult;
}

describe('drift findings', () => {
  const history = [...baseHistory(), exp('d1', '2026-03-02', 60, 'Dining', 'Bistro')];

  it('names the categories that moved and by how much', () => {
    const [d] = buildFindings({ context: ctx, history, scored: [], drift: driftResult() });
    expect(d.type).toBe('drift');
    expect(d.fingerprint).toBe('drift:2026-03');
    expect(d.pattern).toBe('drift:cat-dining');
    expect(d.severity).toBe('medium');
    expect(d.title).toBe('More spending on Dining than usual');
    expect(d.message).toBe(
      "We noticed a change in how you've been spending over the last 30 days (9 February to 10 March). " +
        'Dining: £420.00, compared with about £180.00 usually (25% of your spending, up from 12%). ' +
        "This is just for your information: if the change is expected, there's nothing to do.",
    );
    expect(d.evidence).toMatchObject({ js: 0.62, psi: 0.9, windows: driftResult().windows });
    expect((d.evidence['categories'] as unknown[]).length).toBe(2);
  });

  it('several moved categories in one finding; none without an alarm', () => {
    const two = driftResult({
      severity: 'high',
      categories: [
        ...driftResult().categories,
        shift({ category: 'Travel', shareBefore: 0, shareAfter: 0.3, delta: 0.3, spendAfter: 900, spendBeforeScaled: 0, ratio: Infinity, direction: 'new', typical30: 0, usualRange: [0, 0], significant: true }),
      ],
    });
    const [d] = buildFindings({ context: ctx, history, scored: [], drift: two });
    expect(d.severity).toBe('high');
    expect(d.title).toBe('Changes in your spending on Dining and Travel');
    expect(d.message).toContain("Travel: £900.00, something you didn't spend on before.");
    expect(d.message).not.toContain('Groceries');
    expect(d.pattern).toBe('drift:cat-dining');
    expect(buildFindings({ context: ctx, history, scored: [], drift: driftResult({ alarm: false, severity: 'none' }) })).toEqual([]);
  });
});

describe('recurring-charge findings', () => {
  const charges = (merchant: string, dates: string[], amounts: number[], category = 'Subscriptions') =>
    dates.map((d, i) => exp(`${merchant}-${d}`, d, amounts[i], category, merchant));
  const series = (merchant: string, list: HistoryExpense[], over: Partial<RecurringSeries>): RecurringSeries => ({
    key: merchant.toLowerCase(),
    merchant,
    category: 'Subscriptions',
    cadence: 'monthly',
    occurrences: list.length,
    firstDate: list[0].occurredOn,
    lastDate: list[list.length - 1].occurredOn,
    typicalAmount: list[0].amount,
    lastAmount: list[list.length - 1].amount,
    nextExpectedDate: addMonths(list[list.length - 1].occurredOn.slice(0, 7), 1) + list[list.length - 1].occurredOn.slice(7),
    nextExpectedAmount: list[list.length - 1].amount,
    regularity: 1,
    priceChanges: [],
    status: 'active',
    monthlyCost: list[list.length - 1].amount,
    transactionIds: list.map((e) => e.id),
    ...over,
  });
  const box = charges('StreamBox', ['2026-01-05', '2026-02-05', '2026-03-05'], [9.99, 9.99, 9.99]);
  const flix = charges('Netflix', monthRange('2025-04', '2026-03').map((m) => `${m}-03`), [...new Array(11).fill(15.49), 17.99]);
  const gym = charges('Gym', monthRange('2025-04', '2026-03').map((m) => `${m}-02`), [...new Array(6).fill(20), ...new Array(6).fill(30)]);
  const history = [...baseHistory(), ...box, ...flix, ...gym];

  it('a new regular payment and a price rise', () => {
    const drafts = buildFindings({
      context: ctx,
      history,
      scored: [],
      recurring: [
        series('StreamBox', box, { status: 'new' }),
        series('Netflix', flix, { typicalAmount: 15.49, priceChanges: [{ date: '2026-03-03', from: 15.49, to: 17.99, change: 17.99 / 15.49 - 1 }] }),
        // an old price rise: judged by earlier runs
        series('Gym', gym, { priceChanges: [{ date: '2025-10-02', from: 20, to: 30, change: 0.5 }] }),
      ],
    });
    expect(drafts.map((d) => d.fingerprint).sort()).toEqual(['recurring_change:netflix:price:1799', 'recurring_change:streambox:new']);
    const fresh = drafts.find((d) => d.fingerprint.endsWith(':new')) as FindingDraft;
    expect(fresh.pattern).toBe('recurring_change:streambox:new');
    expect(fresh.severity).toBe('low');
    expect(fresh.title).toBe('New regular payment to StreamBox: £9.99 a month');
    expect(fresh.message).toBe(
      'We noticed a new regular payment to StreamBox: £9.99 a month since 5 January (3 payments so far). The next one is expected around 5 April. ' +
        "If you signed up for this, there's nothing to do.",
    );
    expect(fresh.subject.expenseIds).toEqual(box.map((e) => e.id));
    expect((fresh.evidence['charges'] as { occurredOn: string; amount: number }[]).map((c) => c.amount)).toEqual([9.99, 9.99, 9.99]);
    const rise = drafts.find((d) => d.fingerprint.includes(':price:')) as FindingDraft;
    expect(rise.pattern).toBe('recurring_change:netflix:price_rise');
    expect(rise.title).toBe('Netflix price went up to £17.99');
    expect(rise.message).toContain('went up from £15.49 to £17.99 (16% more) on 3 March');
    expect(rise.message).toContain('£30.00 more a year');
    expect(rise.evidence).toMatchObject({ change: 'price_rise', from: 15.49, to: 17.99, cadence: 'monthly', nextExpectedDate: '2026-04-03' });
  });

  it('no finding for small rises, price drops or stopped charges', () => {
    const drafts = buildFindings({
      context: ctx,
      history,
      scored: [],
      recurring: [
        series('Netflix', flix, { priceChanges: [{ date: '2026-03-03', from: 15.49, to: 16.0, change: 16 / 15.49 - 1 }] }),
        series('Gym', gym, { priceChanges: [{ date: '2026-03-02', from: 30, to: 20, change: -1 / 3 }] }),
        series('StreamBox', box, { status: 'stopped', priceChanges: [{ date: '2026-03-05', from: 5, to: 9.99, change: 0.998 }] }),
      ],
    });
    expect(drafts).toEqual([]);
  });

  it('a big rise relative to the customer’s spending is medium', () => {
    const [d] = buildFindings({
      context: ctx,
      history,
      scored: [],
      recurring: [series('Gym', gym, { priceChanges: [{ date: '2026-03-02', from: 20, to: 30, change: 0.5 }] })],
    });
    expect(d.severity).toBe('medium');
    expect(d.fingerprint).toBe('recurring_change:gym:price:3000');
  });
});

describe('all types together', () => {
  it('fingerprints are unique and the queue is ordered by score', () => {
    const history = [...baseHistory(), exp('a', '2026-03-10', 412.5, 'Groceries', 'Corner Market')];
    const drafts = buildFindings({
      context: ctx,
      history,
      scored: [scoredOf('a', 0.95, ['8.3 x your usual Groceries spend']), scoredOf('a', 0.95, ['8.3 x your usual Groceries spend'])],
      drift: driftResult(),
      projections: [
        { categoryId: 'cat-groceries', category: 'Groceries', month: '2026-03', budget: 300, daysElapsed: 10, daysInMonth: 31, spentSoFar: 462.5, projected: 700, low: 650, high: 760, series: [] },
      ],
    });
    expect(drafts.map((d) => d.type).sort()).toEqual(['anomaly', 'drift', 'forecast_overrun']);
    expect(new Set(drafts.map((d) => d.fingerprint)).size).toBe(drafts.length);
    expect(drafts.map((d) => d.score)).toEqual([...drafts.map((d) => d.score)].sort((x, y) => y - x));
    for (const d of drafts) {
      expect(d.score).toBeGreaterThanOrEqual(SEVERITY_BANDS[d.severity][0]);
      expect(d.score).toBeLessThanOrEqual(SEVERITY_BANDS[d.severity][1]);
    }
  });
});
