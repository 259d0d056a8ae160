import type { Page } from './common';
import type { FindingType } from './findings';

/**
 * Suppression rules (issue 7): new findings matching an active rule are stored as dismissed with reason
 * `suppressed`. A rule applies to one customer or the whole tenant and needs at least one of finding type,
 * merchant or category; every criterion set must match.
 */
export interface SuppressionRuleView {
  id: string;
  /** null: tenant-wide. */
  customerId: string | null;
  customer: { id: string; displayName: string } | null;
  findingType: FindingType | null;
  /** Normalised merchant key (the analysis' merchant slug, e.g. `whole-foods`). */
  merchant: string | null;
  categoryId: string | null;
  category: { id: string; name: string } | null;
  note: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  /** Not expired. */
  active: boolean;
}

export interface CreateSuppressionRequest {
  customerId?: string;
  findingType?: FindingType;
  /** Any spelling of the merchant's name; stored as the analysis' merchant key. */
  merchant?: string;
  categoryId?: string;
  note: string;
  expiresAt?: string;
}

export interface SuppressionListQuery {
  customerId?: string;
  /** true: only rules still in force; false: only expired ones. */
  active?: 'true' | 'false';
  limit?: number;
  cursor?: string;
}

export type SuppressionPage = Page<SuppressionRuleView>;
