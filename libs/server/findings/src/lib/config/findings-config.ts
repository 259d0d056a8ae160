import { ConfigError } from '@spendguard/server-core';

export interface FindingsConfig {
  /** How long a claim holds; after that the finding counts as unclaimed (GET /findings/next may serve it again). */
  claimTtlMinutes: number;
}

export const FINDINGS_CONFIG = Symbol('FINDINGS_CONFIG');

/** Reads the review workflow's settings once at start-up; a bad value stops the start like any other setting. */
export function loadFindingsConfig(env: Record<string, string | undefined> = process.env): FindingsConfig {
  const raw = env['CLAIM_TTL_MINUTES'];
  if (raw === undefined || raw === '') return { claimTtlMinutes: 30 };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 7 * 24 * 60) {
    throw new ConfigError([`CLAIM_TTL_MINUTES must be a whole number from 1 to ${7 * 24 * 60} (got "${raw}")`]);
  }
  return { claimTtlMinutes: value };
}
