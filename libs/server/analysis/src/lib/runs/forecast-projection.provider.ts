import { Injectable } from '@nestjs/common';
import {
  BudgetProjectionProvider,
  CategoryProjection,
  PaceProjectionProvider,
  ProjectionRequest,
} from '@spendguard/server-expenses';
import { rows, TenantDb } from '@spendguard/server-data';
import { hasAnalysisConsent } from '../customer/analysis-consent';
import { forecastCategories } from '../domain/analyse';
import { apiAmount } from '../domain/format';
import { loadHistory } from '../worker/customer-analysis.job';
import { localDate } from './analysis-runs.service';

/**
 * Budget status for the current month from the forecast: the month's projection from the days elapsed,
 * the customer's daily pattern and the category's forecast, with an 80% interval. Other months (and
 * categories the forecast cannot cover) fall back to the pace projection, and so does a customer who has not
 * granted analysis consent: the forecast models their history, the pace projection only extrapolates this
 * month's spending (the status then says `projectionMethod: 'pace'`).
 */
@Injectable()
export class ForecastProjectionProvider implements BudgetProjectionProvider {
  readonly method = 'forecast';
  private readonly pace = new PaceProjectionProvider();

  constructor(private readonly db: TenantDb) {}

  async project(request: ProjectionRequest): Promise<Map<string, CategoryProjection>> {
    const fallback = new Map<string, CategoryProjection>(
      [...(await this.pace.project(request))].map(([id, p]) => [id, { ...p, method: this.pace.method }] as const),
    );
    if (!request.categories.length) return fallback;
    const computed = await this.db.tx(request.scope, async (em) => {
      const [tenant] = await rows<{ timezone: string }>(em, `SELECT timezone FROM tenants WHERE id = $1`, [request.scope.tenantId]);
      const asOf = localDate(tenant.timezone);
      if (asOf.slice(0, 7) !== request.month) return null;
      if (!(await hasAnalysisConsent(em, request.scope.tenantId, request.customerId))) return null;
      const names = await rows<{ id: string; name: string }>(
        em,
        `SELECT id, name FROM categories WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
        [request.scope.tenantId, request.categories.map((c) => c.categoryId)],
      );
      const { history } = await loadHistory(em, request.scope.tenantId, request.customerId, asOf, tenant.timezone);
      return { asOf, history, names };
    });
    if (!computed) return fallback;
    const budgets = computed.names.map((n) => ({ categoryId: n.id, category: n.name, amount: 0 }));
    const { projections } = forecastCategories(computed.history, budgets, computed.asOf);
    const out = new Map<string, CategoryProjection>(fallback);
    for (const p of projections) {
      out.set(p.categoryId, { projected: apiAmount(p.projected), projectedLow: apiAmount(p.low), projectedHigh: apiAmount(p.high), method: this.method });
    }
    return out;
  }
}
