import { checkExpenseInput } from './expense-input';
import { parseRate } from './fx';
import { paceProjection } from './projection';

describe('batch item checks', () => {
  const good = { externalId: 'a1', occurredAt: '2024-03-01', amount: '12.30', description: ' Lunch  out ' };

  it('accepts a minimal item and normalises it', () => {
    expect(checkExpenseInput(good, { requireExternalId: true })).toEqual({
      ok: true,
      draft: expect.objectContaining({ amount: '12.30', description: 'Lunch out', currency: null, externalId: 'a1', refund: false }),
    });
  });

  it('collects every problem of an item in one message', () => {
    const r = checkExpenseInput({ occurredAt: '2024-02-30', amount: '1.234', currency: 'XYZ', description: '', surprise: 1 }, { requireExternalId: true });
    expect(r.ok).toBe(false);
    const message = (r as { message: string }).message;
    for (const part of ['unknown field: surprise', 'not a real calendar date', 'at most 2 decimals', 'ISO 4217', 'description is required', 'externalId is required']) {
      expect(message).toContain(part);
    }
  });

  it('refuses negative amounts unless refund, and both category forms at once', () => {
    expect(checkExpenseInput({ ...good, amount: -5 }, { requireExternalId: true }).ok).toBe(false);
    expect(checkExpenseInput({ ...good, amount: -5, refund: true }, { requireExternalId: true })).toMatchObject({ ok: true, draft: { amount: '-5.00' } });
    expect(checkExpenseInput({ ...good, categoryId: '7d0f3c1e-0a4b-4c55-8a5c-1f2e3d4c5b6a', category: 'Food' }, { requireExternalId: true }).ok).toBe(false);
    expect(checkExpenseInput('nope', { requireExternalId: true })).toEqual({ ok: false, message: 'item must be an object' });
  });
});

describe('FX rates', () => {
  it('accepts positive decimals with up to 8 places', () => {
    expect(parseRate('1.08450000')).toEqual({ ok: true, value: '1.0845' });
    expect(parseRate(83.12345678)).toEqual({ ok: true, value: '83.12345678' });
    expect(parseRate('0')).toMatchObject({ ok: false });
    expect(parseRate('-1')).toMatchObject({ ok: false });
    expect(parseRate('1.123456789')).toMatchObject({ ok: false });
  });
});

describe('pace projection', () => {
  it('extrapolates the month at the average daily pace with an interval around it', () => {
    const p = paceProjection({ dailyCents: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000], daysInMonth: 30, daysElapsed: 10 });
    expect(p).toEqual({ projectedCents: 30000, lowCents: 30000, highCents: 30000 });
    const noisy = paceProjection({ dailyCents: [0, 3000, 0, 0, 2000, 0, 0, 5000, 0, 0], daysInMonth: 30, daysElapsed: 10 }) as NonNullable<ReturnType<typeof paceProjection>>;
    expect(noisy.projectedCents).toBe(30000);
    expect(noisy.lowCents).toBeGreaterThanOrEqual(10000);
    expect(noisy.lowCents).toBeLessThan(30000);
    expect(noisy.highCents).toBeGreaterThan(30000);
  });

  it('equals spending for a finished month and is absent before the month starts', () => {
    expect(paceProjection({ dailyCents: [500, 700], daysInMonth: 2, daysElapsed: 2 })).toEqual({ projectedCents: 1200, lowCents: 1200, highCents: 1200 });
    expect(paceProjection({ dailyCents: [], daysInMonth: 30, daysElapsed: 0 })).toBeNull();
  });
});
