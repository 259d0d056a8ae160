import { validator } from '@spendguard/server-core';
import { isIsoDate, isIsoMonth, parseOccurred } from '../domain/dates';
import { parseMoney } from '../domain/money';

/** An expense amount: a decimal string or number, at most 2 decimals, not zero (the sign rule is the service's). */
export const IsMoneyAmount = validator('isMoneyAmount', (value) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) return parsed.message;
  return parsed.cents === 0n ? 'amount must not be zero' : null;
});

/** A budget amount: a decimal string or number, at most 2 decimals, zero or more. */
export const IsBudgetAmount = validator('isBudgetAmount', (value) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) return parsed.message;
  return parsed.cents < 0n ? 'amount must not be negative' : null;
});

/** A filter amount given in a query string. */
export const IsMoneyFilter = validator('isMoneyFilter', (value, property) => {
  const parsed = parseMoney(value, property);
  return parsed.ok ? null : parsed.message;
});

export const IsOccurredAt = validator('isOccurredAt', (value, property) => {
  const parsed = parseOccurred(value, property);
  return parsed.ok ? null : parsed.message;
});

export const IsIsoDate = validator('isIsoDate', (value, property) =>
  isIsoDate(value) ? null : `${property} must be a real date written YYYY-MM-DD`,
);

export const IsIsoMonth = validator('isIsoMonth', (value, property) =>
  isIsoMonth(value) ? null : `${property} must be a month written YYYY-MM`,
);
