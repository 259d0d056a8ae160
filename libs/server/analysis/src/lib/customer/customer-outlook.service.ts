import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { detectRecurring, trainTfidfCategoriser } from '@spendguard/ml';
import type {
  CategorySuggestionView,
  ForecastPoint,
  ForecastView,
  UpcomingChargesView,
} from '@spendguard/contracts';
import { rows, TenantDb } from '@spendguard/server-data';
import { forecastCategories } from '../domain/analyse';
import { apiAmount } from '../domain/format';
import { toMlInput } from '../domain/history';
import type { HistoryExpense } from '../domain/findings.types';
import { localDate } from '../runs/analysis-runs.service';
import { loadHistory } from '../worker/customer-analysis.job';
import { hasAnalysisConsent } from './analysis-consent';

/** Same threshold the weekly tenant job uses to file an uncategorised expense on its own. */
export const SUGGESTION_MIN_CONFIDENCE = 0.6;
/** Fewer labelled expenses than this give suggestions that are mostly noise. */
const SUGGESTION_MIN_TRAINING = 20;
export const UPCOMING_DAYS = 45;

interface Scope {
  tenantId: string;
  userId: string;
}

/**
 * A customer's outlook from their own history, computed on request with the same domain code the analysis
 * uses (forecasts by backtested model, recurring-charge detection, nearest-neighbour categorisation). Only the
 * caller's rows are read: the customer id is the caller's, and row-level security confines the tenant.
 */
@Injectable()
export class CustomerOutlookService {
  constructor(private readonly db: TenantDb) {}

  async forecast(scope: Scope, horizon = 3): Promise<ForecastView> {
    const loaded = await this.history(scope);
    if (!loaded.consented) return { asOf: loaded.asOf, currency: loaded.currency, months: [], total: [], categories: [], consentRequired: true };
    const { asOf, currency, history } = loaded;
    const { forecasts } = forecastCategories(history, [], asOf, horizon);
    const months = forecasts[0]?.forecast.map((p) => p.month) ?? [];
    const total: ForecastPoint[] = months.map((month, j) => {
      let mean = 0;
      let loVar = 0;
      let hiVar = 0;
      for (const f of forecasts) {
        const p = f.forecast[j];
        mean += p.mean;
        loVar += (p.mean - p.lo) ** 2;
        hiVar += (p.hi - p.mean) ** 2;
      }
      // Categories' errors are treated as independent: half-widths add in quadrature, not linearly, which
      // would claim a far wider total interval than 80%.
      return { month, mean: apiAmount(mean), lo80: apiAmount(mean - Math.sqrt(loVar)), hi80: apiAmount(mean + Math.sqrt(hiVar)) };
    });
    return {
      asOf,
      currency,
      consentRequired: false,
      months,
      total,
      categories: forecasts.map((f) => ({
        categoryId: f.categoryId,
        category: f.category,
        model: f.model,
        lowConfidence: f.lowConfidence,
        forecast: f.forecast.map((p) => ({ month: p.month, mean: apiAmount(p.mean), lo80: apiAmount(p.lo), hi80: apiAmount(p.hi) })),
      })),
    };
  }

  async upcoming(scope: Scope, days = UPCOMING_DAYS): Promise<UpcomingChargesView> {
    const loaded = await this.history(scope);
    if (!loaded.consented) return { asOf: loaded.asOf, currency: loaded.currency, days, items: [], consentRequired: true };
    const { asOf, currency, history } = loaded;
    const until = new Date(Date.parse(`${asOf}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const series = detectRecurring(history.map(toMlInput), { asOf });
    const items = series
      .filter((s) => s.nextExpectedDate >= asOf && s.nextExpectedDate <= until)
      .sort((a, b) => a.nextExpectedDate.localeCompare(b.nextExpectedDate) || a.merchant.localeCompare(b.merchant))
      .map((s) => ({
        merchant: s.merchant,
        category: s.category,
        cadence: s.cadence,
        nextDate: s.nextExpectedDate,
        nextAmount: apiAmount(s.nextExpectedAmount),
        lastDate: s.lastDate,
        lastAmount: apiAmount(s.lastAmount),
        occurrences: s.occurrences,
      }));
    return { asOf, currency, days, items, consentRequired: false };
  }

  /**
   * The category the customer's own labelled expenses point to for a new description/merchant, or null when the
   * model is not confident enough. TF-IDF neighbours (no embedding model to load per request) over up to a
   * year of the customer's categorised expenses. Learning from the customer's expenses is analysis too: without
   * analysis consent there is no suggestion (null, the same answer as "not confident", so the portal's expense
   * dialog simply offers none).
   */
  async suggest(scope: Scope, description: string, merchant: string | undefined): Promise<CategorySuggestionView | null> {
    const text = [merchant, description].map((s) => s?.trim()).filter(Boolean).join(' ');
    if (!text) return null;
    const training = await this.db.tx(scope, async (em) => {
      if (!(await consented(em, scope))) return [];
      return rows<{ text: string; category_id: string; category: string }>(
        em,
        `SELECT concat_ws(' ', e.merchant, e.description) AS text, c.id AS category_id, c.name AS category
           FROM expenses e
           JOIN categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id AND c.merged_into_id IS NULL
          WHERE e.tenant_id = $1 AND e.user_id = $2 AND e.occurred_on > current_date - 365
          ORDER BY e.occurred_on DESC
          LIMIT 5000`,
        [scope.tenantId, scope.userId],
      );
    });
    if (training.length < SUGGESTION_MIN_TRAINING) return null;
    const ids = new Map(training.map((r) => [r.category_id, r.category]));
    const categoriser = trainTfidfCategoriser(
      training.map((r) => ({ description: r.text, category: r.category_id })),
      { minConfidence: SUGGESTION_MIN_CONFIDENCE },
    );
    const [p] = categoriser.predict([text]);
    if (!p || p.category === null) return null;
    const name = ids.get(p.category);
    if (name === undefined) return null;
    return { categoryId: p.category, category: name, confidence: Math.round(p.confidence * 1000) / 1000 };
  }

  /** The caller's history, unless they have not granted analysis consent (then nothing is read). */
  private async history(scope: Scope): Promise<{ asOf: string; currency: string } & ({ consented: true; history: HistoryExpense[] } | { consented: false })> {
    return this.db.tx(scope, async (em) => {
      const [tenant] = await rows<{ timezone: string; currency: string }>(em, `SELECT timezone, currency FROM tenants WHERE id = $1`, [scope.tenantId]);
      const asOf = localDate(tenant.timezone);
      if (!(await consented(em, scope))) return { asOf, currency: tenant.currency, consented: false as const };
      const { history } = await loadHistory(em, scope.tenantId, scope.userId, asOf, tenant.timezone);
      return { asOf, currency: tenant.currency, consented: true as const, history };
    });
  }
}

const consented = (em: EntityManager, scope: Scope) => hasAnalysisConsent(em, scope.tenantId, scope.userId);
