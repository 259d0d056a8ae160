import { ConfigError } from '@spendguard/server-core';

export interface LiveOptions {
  /** A comment line on every open stream this often, so proxies and load balancers keep it open. */
  heartbeatMs: number;
}

export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');

/** LIVE_HEARTBEAT_SECONDS (default 25, 1..300), read once at start-up. */
export function loadLiveOptions(env: Record<string, string | undefined> = process.env): LiveOptions {
  const raw = env['LIVE_HEARTBEAT_SECONDS'];
  if (raw === undefined || raw === '') return { heartbeatMs: 25_000 };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 300) {
    throw new ConfigError([`LIVE_HEARTBEAT_SECONDS must be a whole number from 1 to 300 (got "${raw}")`]);
  }
  return { heartbeatMs: value * 1000 };
}
