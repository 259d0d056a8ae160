import { Injectable } from '@nestjs/common';
import type { TenantScope } from '@spendguard/server-data';
import { formatCents } from '../domain/money';
import { paceProjection } from '../domain/projection';

export interface ProjectionRequest {
  scope: TenantScope;
  customerId: string;
  /** `YYYY-MM` */
  month: string;
  daysInMonth: number;
  /** Days of the month up to and including today (0 for a future month, all for a past one). */
  daysElapsed: number;
  categories: Array<{ categoryId: string; spentCents: bigint; dailyCents: number[] }>;
}

export interface CategoryProjection {
  projected: string | null;
  projectedLow: string | null;
  projectedHigh: string | null;
  /** How this one was projected, when a provider mixes methods (e.g. a forecast falling back to pace). */
  method?: string;
}

/**
 * Projects each budgeted category's month-end spending. The default is the pace projection; a forecasting
 * provider (a later issue) replaces it by binding BUDGET_PROJECTION to another implementation.
 */
export interface BudgetProjectionProvider {
  readonly method: string;
  project(request: ProjectionRequest): Promise<Map<string, CategoryProjection>>;
}

export const BUDGET_PROJECTION = Symbol('BUDGET_PROJECTION');

@Injectable()
export class PaceProjectionProvider implements BudgetProjectionProvider {
  readonly method = 'pace';

  async project(request: ProjectionRequest): Promise<Map<string, CategoryProjection>> {
    const out = new Map<string, CategoryProjection>();
    for (const c of request.categories) {
      const p = paceProjection({ dailyCents: c.dailyCents, daysInMonth: request.daysInMonth, daysElapsed: request.daysElapsed });
      out.set(
        c.categoryId,
        p
          ? {
              projected: formatCents(BigInt(p.projectedCents)),
              projectedLow: formatCents(BigInt(p.lowCents)),
              projectedHigh: formatCents(BigInt(p.highCents)),
            }
          : { projected: null, projectedLow: null, projectedHigh: null },
      );
    }
    return out;
  }
}
