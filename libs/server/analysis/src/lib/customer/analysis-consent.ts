import type { EntityManager } from 'typeorm';
import { rows } from '@spendguard/server-data';

/**
 * Whether the customer has granted analysis consent (no consent row means not granted). The promise to customers
 * is that nothing models their spending without it, on request no more than at night.
 */
export async function hasAnalysisConsent(em: EntityManager, tenantId: string, customerId: string): Promise<boolean> {
  const [consent] = await rows<{ granted: boolean }>(
    em,
    `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2`,
    [tenantId, customerId],
  );
  return consent?.granted === true;
}
