import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * A property validator from one check that returns the problem in words (or null when the value is fine),
 * so the message always says exactly what is wrong.
 */
export function validator(name: string, check: (value: unknown, property: string) => string | null) {
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
