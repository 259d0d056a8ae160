import { maxModelAgeDays, retrainDecision } from './customer-analysis.job';

const history = (n: number, on = '2026-10-01') => Array.from({ length: n }, () => ({ occurredOn: on }));
const base = {
  kind: 'nightly' as const,
  customerId: '7d4f6a52-3c1e-4a8e-9d55-0f2b8e9a1c33',
  runDate: '2026-11-21',
  retrainDays: 7,
  model: { trainedAsOf: '2026-11-20', trainingRows: 1000 },
  history: history(1000),
};

describe('retrainDecision', () => {
  it('reuses a recent model for a nightly run of an unchanged history', () => {
    expect(retrainDecision(base)).toEqual({ retrain: false, reason: 'reused (1 days old)' });
    expect(retrainDecision({ ...base, runDate: '2026-11-20' }).retrain).toBe(false);
  });

  it('retrains on demand, without a model, with a model from a later date, and once the model reaches its maximum age', () => {
    expect(retrainDecision({ ...base, kind: 'on_demand' })).toEqual({ retrain: true, reason: 'on demand' });
    expect(retrainDecision({ ...base, model: null })).toEqual({ retrain: true, reason: 'no model' });
    expect(retrainDecision({ ...base, runDate: '2026-11-19' }).reason).toBe('model trained after the run date');
    const maxAge = maxModelAgeDays(base.customerId, 7);
    expect(retrainDecision({ ...base, runDate: '2026-11-27', model: { ...base.model, trainedAsOf: addDays('2026-11-27', -(maxAge - 1)) } }).retrain).toBe(false);
    expect(retrainDecision({ ...base, runDate: '2026-11-27', model: { ...base.model, trainedAsOf: addDays('2026-11-27', -maxAge) } }).retrain).toBe(true);
    expect(retrainDecision({ ...base, runDate: '2026-11-27' }).retrain).toBe(true); // 7 days: always
    expect(retrainDecision({ ...base, retrainDays: 0 }).retrain).toBe(true);
  });

  it('retrains when the history changed by more than 10% of the training rows', () => {
    expect(retrainDecision({ ...base, history: [...history(1000), ...history(100, '2026-11-21')] }).retrain).toBe(false);
    expect(retrainDecision({ ...base, history: [...history(1000), ...history(101, '2026-11-21')] }).reason).toBe('history changed by 10%');
    // many back-dated expenses (an import) or many deleted ones
    expect(retrainDecision({ ...base, history: history(1150) }).retrain).toBe(true);
    expect(retrainDecision({ ...base, history: history(850) }).retrain).toBe(true);
    // expenses dated after the training date count as new even when as many old ones left the 24-month window
    expect(retrainDecision({ ...base, history: [...history(850), ...history(150, '2026-11-21')] }).retrain).toBe(true);
  });
});

describe('maxModelAgeDays', () => {
  it('lies between half the retrain period and the period, spread over customers', () => {
    const ages = Array.from({ length: 400 }, (_, i) => maxModelAgeDays(`customer-${i}`, 7));
    expect(Math.min(...ages)).toBe(4);
    expect(Math.max(...ages)).toBe(7);
    for (const a of [4, 5, 6, 7]) expect(ages.filter((x) => x === a).length).toBeGreaterThan(60);
    expect(maxModelAgeDays('x', 1)).toBe(1);
    expect(maxModelAgeDays('x', 0)).toBe(0);
    expect(maxModelAgeDays('same', 7)).toBe(maxModelAgeDays('same', 7));
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
