import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate, isIsoMonth, parseOccurred } from '../domain/dates';
import { parseMoney } from '../domain/money';

function decorator(name: string, check: (value: unknown, property: string) => string | null) {
  return (options?: ValidationOptions) =>
    (object: object, propertyName: string): void =>
      registerDecorator({
        name,
        target: object.constructor,
        propertyName,
        options: {
          message: (args) => check(args.value, propertyName) ?? `${propertyName} is not valid`,
          ...options,
        },
        validator: { validate: (value: unknown) => check(value, propertyName) === null },
      });
}

/** An expense amount: a decimal string or number, at most 2 decimals, not zero (the sign rule is the service's). */
export const IsMoneyAmount = decorator('isMoneyAmount', (value) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) return parsed.message;
  return parsed.cents === 0n ? 'amount must not be zero' : null;
});

/** A budget amount: a decimal string or number, at most 2 decimals, zero or more. */
export const IsBudgetAmount = decorator('isBudgetAmount', (value) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) return parsed.message;
  return parsed.cents < 0n ? 'amount must not be negative' : null;
});

/** A filter amount given in a query string. */
export const IsMoneyFilter = decorator('isMoneyFilter', (value, property) => {
  const parsed = parseMoney(value, property);
  return parsed.ok ? null : parsed.message;
});

export const IsOccurredAt = decorator('isOccurredAt', (value, property) => {
  const parsed = parseOccurred(value, property);
  return parsed.ok ? null : parsed.message;
});

export const IsIsoDate = decorator('isIsoDate', (value, property) =>
  isIsoDate(value) ? null : `${property} must be a real date written YYYY-MM-DD`,
);

export const IsIsoMonth = decorator('isIsoMonth', (value, property) =>
  isIsoMonth(value) ? null : `${property} must be a month written YYYY-MM`,
);
