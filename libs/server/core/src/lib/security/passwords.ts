import bcrypt from 'bcrypt';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@spendguard/contracts';

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * Spends the same time as a real check when there is no account to check against, so response
 * times do not tell an attacker which emails exist.
 */
export async function burnPasswordCheck(password: string, cost: number): Promise<false> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = bcrypt.hash('not-a-real-password-0', cost);
    dummyHashes.set(cost, hash);
  }
  await bcrypt.compare(password, await hash);
  return false;
}

/** Password policy; returns the problem in plain words, or null when acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} bytes long`;
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) {
    return 'password must contain letters and at least one digit or symbol';
  }
  if (new Set(password).size < 5) return 'password is too repetitive';
  return null;
}
