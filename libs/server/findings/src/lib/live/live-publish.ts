import type { EntityManager } from 'typeorm';
import { LIVE_CHANNEL, LiveEventType, LiveNotification } from '@spendguard/contracts';
import { rows } from '@spendguard/server-data';

/**
 * Queues live notifications in the caller's transaction: PostgreSQL delivers them to every listening API process
 * when (and only if) the transaction commits, in commit order. One statement whatever the number.
 */
export async function publishLive(em: EntityManager, notifications: LiveNotification[]): Promise<void> {
  if (!notifications.length) return;
  await rows(em, `SELECT pg_notify($1, n) FROM unnest($2::text[]) AS n`, [LIVE_CHANNEL, notifications.map((n) => JSON.stringify(n))]);
}

export function notification<E extends LiveEventType>(
  tenantId: string,
  customerId: string,
  event: E,
  data: LiveNotification<E>['data'],
): LiveNotification<E> {
  return { tenantId, customerId, event, data };
}
