import type { EntityManager } from 'typeorm';
import type { FindingType } from '@spendguard/contracts';
import { rows } from '@spendguard/server-data';
import { merchantSlug } from '../domain/history';
import type { FindingDraft } from '../domain/findings.types';

/** An operator's suppression rule in force for one customer (its own rules and the tenant-wide ones). */
export interface ActiveSuppression {
  id: string;
  customerId: string | null;
  findingType: FindingType | null;
  merchant: string | null;
  categoryId: string | null;
  note: string;
}

/**
 * The key suppression rules compare merchants by: the analysis' merchant slug of a name alone (lower case,
 * digits and reference codes removed, dashes for spaces). Null for a blank name or one without any letters.
 */
export function suppressionMerchantKey(name: string | null | undefined): string | null {
  if (!name || !name.trim()) return null;
  const key = merchantSlug({ merchant: name, description: '' });
  // the slug says 'unknown' for a name that leaves no key at all (digits, reference codes)
  return key === 'unknown' && !/unknown/i.test(name) ? null : key;
}

/** Rules in force now (database clock) for the customer: theirs first, then tenant-wide, oldest first. */
export function activeSuppressions(em: EntityManager, tenantId: string, customerId: string): Promise<ActiveSuppression[]> {
  return rows<ActiveSuppression>(
    em,
    `SELECT id, customer_id AS "customerId", finding_type AS "findingType", merchant, category_id AS "categoryId", note
       FROM suppression_rules
      WHERE tenant_id = $1 AND (customer_id IS NULL OR customer_id = $2) AND (expires_at IS NULL OR expires_at > now())
      ORDER BY customer_id IS NULL, created_at, id`,
    [tenantId, customerId],
  );
}

/** The first rule a draft matches: every criterion the rule sets must hold (type, merchant key, category id). */
export function suppressionFor(rules: ActiveSuppression[], draft: Pick<FindingDraft, 'type' | 'subject'>): ActiveSuppression | undefined {
  if (!rules.length) return undefined;
  const merchant = suppressionMerchantKey(draft.subject.merchant);
  const categoryId = draft.subject.categoryId ?? null;
  return rules.find(
    (r) =>
      (r.findingType === null || r.findingType === draft.type) &&
      (r.merchant === null || r.merchant === merchant) &&
      (r.categoryId === null || r.categoryId === categoryId),
  );
}

/** The event note naming the rule that dismissed a finding. */
export function suppressionNote(rule: ActiveSuppression): string {
  const criteria = [
    rule.customerId ? 'this customer' : 'all customers',
    rule.findingType && `type ${rule.findingType}`,
    rule.merchant && `merchant ${rule.merchant}`,
    rule.categoryId && `category ${rule.categoryId}`,
  ].filter(Boolean);
  return `Suppressed by rule ${rule.id} (${criteria.join(', ')}): ${rule.note}`;
}
