import { checkExpenseAmount, detectDecimalSeparator, formatCents, formatMoney, parseLocaleAmount, parseMoney, toCents } from './money';

describe('parseMoney', () => {
  it.each([
    ['12.3', '12.30'],
    ['12', '12.00'],
    ['0.05', '0.05'],
    ['-4.5', '-4.50'],
    ['+7.25', '7.25'],
    [' 1000.10 ', '1000.10'],
    ['007.10', '7.10'],
    [12.3, '12.30'],
    [0.1, '0.10'],
    [999999999999.99, '999999999999.99'],
  ])('reads %p as %s', (input, expected) => {
    expect(parseMoney(input)).toMatchObject({ ok: true, value: expected });
  });

  it('keeps exact cents as a bigint', () => {
    expect(parseMoney('123456789012.34')).toMatchObject({ ok: true, cents: 12345678901234n });
  });

  it.each([
    ['12.345', 'at most 2 decimals'],
    [0.1 + 0.2, 'at most 2 decimals'],
    ['abc', 'decimal number'],
    ['1e3', 'decimal number'],
    ['12,30', 'decimal number'],
    ['', 'decimal number'],
    ['.5', 'decimal number'],
    ['1234567890123.00', 'out of range'],
    [1e21, 'out of range'],
    [Number.NaN, 'finite'],
    [null, 'string or a number'],
    [true, 'string or a number'],
  ])('refuses %p (%s)', (input, message) => {
    const r = parseMoney(input);
    expect(r.ok).toBe(false);
    expect((r as { message: string }).message).toContain(message);
  });
});

describe('expense amounts', () => {
  it('refuses zero and negative amounts unless a refund', () => {
    expect(checkExpenseAmount('0')).toEqual({ ok: false, message: 'amount must not be zero' });
    expect(checkExpenseAmount('0.00')).toMatchObject({ ok: false });
    expect(checkExpenseAmount('-5')).toMatchObject({ ok: false, message: expect.stringContaining('positive') });
  });

  it('stores refunds negative whichever sign was sent', () => {
    expect(checkExpenseAmount('5', true)).toEqual({ ok: true, value: '-5.00', refund: true });
    expect(checkExpenseAmount('-5', true)).toEqual({ ok: true, value: '-5.00', refund: true });
    expect(checkExpenseAmount(12.3)).toEqual({ ok: true, value: '12.30', refund: false });
  });
});

describe('cents', () => {
  it('formats and reads NUMERIC text exactly', () => {
    expect(formatCents(1230n)).toBe('12.30');
    expect(formatCents(-5n)).toBe('-0.05');
    expect(formatCents(0n)).toBe('0.00');
    expect(toCents('12.3')).toBe(1230n);
    expect(toCents('-4.50')).toBe(-450n);
    expect(toCents('7')).toBe(700n);
    expect(toCents('1.005')).toBe(101n);
    expect(toCents('-1.004')).toBe(-100n);
    expect(formatMoney('100.1')).toBe('100.10');
  });

  it('sums many amounts without drift', () => {
    let total = 0n;
    for (let i = 0; i < 1000; i++) total += toCents('0.10');
    expect(formatCents(total)).toBe('100.00');
  });
});

describe('amounts as written in bank exports', () => {
  it.each([
    ['1,234.56', '.', 123456n],
    ['1.234,56', ',', 123456n],
    ['12,5', ',', 1250n],
    ['-12.50', '.', -1250n],
    ['(12.50)', '.', -1250n],
    ['12.50-', '.', -1250n],
    ['$1,000.00', '.', 100000n],
    ['-€12,00', ',', -1200n],
    ['EUR 5,00', ',', 500n],
    ['1 234,50', ',', 123450n],
    ["1'234.50", '.', 123450n],
    ['30', '.', 3000n],
    ['339.150', '.', 33915n],
  ] as const)('%s with decimal %s', (raw, decimal, cents) => {
    expect(parseLocaleAmount(raw, decimal)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'empty'],
    ['abc', 'not a number'],
    ['12.345', 'more than 2 decimals'],
    ['1,23,4.00', 'not a number'],
  ])('refuses %p', (raw, message) => {
    const r = parseLocaleAmount(raw, '.');
    expect(r.ok).toBe(false);
    expect((r as { message: string }).message).toContain(message);
  });

  it('detects the decimal separator by votes', () => {
    expect(detectDecimalSeparator(['12.30', '4.5', '1,000.00'])).toBe('.');
    expect(detectDecimalSeparator(['12,30', '4,5', '1.000,00'])).toBe(',');
    expect(detectDecimalSeparator(['1.234.567', '12'])).toBe(',');
    expect(detectDecimalSeparator(['30', '60', '199'])).toBe('.');
  });
});
