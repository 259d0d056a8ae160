/**
 * Domain errors: what went wrong in the application's own words. Plain TypeScript, no framework;
 * the HTTP status for each kind is decided in exactly one place (DomainExceptionFilter).
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'locked'
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** Extra machine-readable fields added to the error body (never internal state). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, details?: Record<string, unknown>) => new DomainError('invalid', message, details);
export const unauthenticated = (message = 'Not authenticated') => new DomainError('unauthenticated', message);
export const forbidden = (message = 'You do not have access to this') => new DomainError('forbidden', message);
export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
/** Existed but is no longer available (an expired report). */
export const gone = (message: string) => new DomainError('gone', message);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError('conflict', message, details);
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new DomainError('unprocessable', message, details);
export const locked = (message: string, details?: Record<string, unknown>) => new DomainError('locked', message, details);
