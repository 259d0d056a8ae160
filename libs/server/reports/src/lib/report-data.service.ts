import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_FINDING_STATUSES } from '@spendguard/contracts';
import { deriveAnalytics, monthsOf, type BudgetLine, type ReportData, type ReportExpense, type ReportFinding } from '@spendguard/reports';
import { notFound } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import { BudgetsService } from '@spendguard/server-expenses';

export interface ReportRequest {
  tenantId: string;
  customerId: string;
  /** The person who asked (budget status is read on their behalf). */
  requestedBy: string;
  audience: 'customer' | 'operator';
  includesPending: boolean;
  from: string;
  to: string;
}

interface ExpenseRow {
  id: string;
  occurred_on: string;
  occurred_at: string;
  base: string | null;
  category: string;
  merchant: string | null;
  description: string;
}

interface FindingRow {
  id: string;
  type: string;
  severity: string;
  score: number;
  status: string;
  title: string;
  message: string;
  reasons: unknown;
  created_at: Date;
  decided_at: Date | null;
  dismiss_reason: string | null;
  expense_ids: unknown;
}

/**
 * Months of history before the period's end that forecasts, drift and recurring charges are computed from (for a
 * customer who has granted analysis consent; otherwise only the period is read).
 */
const HISTORY_MONTHS = 24;

const cents = (decimal: string) => {
  const negative = decimal.startsWith('-');
  const [whole, frac = ''] = decimal.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
};

/**
 * Everything one report shows, read for one customer of one tenant (row-level security and explicit scoping):
 * expenses in the base currency (converted by `app_fx_rate`, the month's rate or the latest earlier one, as the
 * budget status and the analysis do), budget versus actual from the budget status service itself (so the workbook's
 * numbers are the API's), the findings the audience may see, and, only for a customer who has granted analysis
 * consent, the analytics computed from up to 24 months of history (forecasts, drift, recurring charges, groups).
 */
@Injectable()
export class ReportDataService {
  constructor(
    private readonly db: TenantDb,
    private readonly budgets: BudgetsService,
  ) {}

  async assemble(request: ReportRequest, generatedAt = new Date()): Promise<ReportData> {
    const scope = { tenantId: request.tenantId, userId: request.requestedBy };
    const loaded = await this.db.tx(scope, async (em) => {
      const [tenant] = await rows<{ name: string; currency: string; locale: string; timezone: string }>(
        em,
        `SELECT name, currency, locale, timezone FROM tenants WHERE id = $1`,
        [request.tenantId],
      );
      const [customer] = await rows<{ display_name: string }>(
        em,
        `SELECT display_name FROM users WHERE tenant_id = $1 AND id = $2 AND role = 'customer'`,
        [request.tenantId, request.customerId],
      );
      if (!tenant || !customer) throw notFound('Customer');
      // no consent row means not granted; read with the data, so the report is of one moment
      const [consent] = await rows<{ granted: boolean }>(
        em,
        `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2`,
        [request.tenantId, request.customerId],
      );
      const analysisConsent = consent?.granted === true;
      const history = await this.history(em, request, tenant.currency, tenant.timezone, analysisConsent);
      const findings = await this.findings(em, request, tenant.timezone);
      return { tenant, customer, analysisConsent, history, findings };
    });

    const budgets: BudgetLine[] = [];
    const owner = { tenantId: request.tenantId, customerId: request.customerId, actorId: request.requestedBy };
    for (const month of monthsOf(request.from, request.to)) {
      const status = await this.budgets.status(owner, month);
      for (const item of status.items) {
        budgets.push({ month, category: item.category, budgetCents: cents(item.budget), spentCents: cents(item.spent), percentUsed: item.percentUsed });
      }
    }

    const analytics = deriveAnalytics({ history: loaded.history.expenses, from: request.from, to: request.to, analysis: loaded.analysisConsent });
    return {
      customer: { id: request.customerId, displayName: loaded.customer.display_name },
      tenant: loaded.tenant,
      period: { from: request.from, to: request.to },
      generatedAt: generatedAt.toISOString(),
      audience: request.audience,
      includesPending: request.includesPending,
      analysisConsent: loaded.analysisConsent,
      unconvertedExpenses: loaded.history.unconverted,
      budgets,
      findings: loaded.findings,
      ...analytics,
    };
  }

  private async history(
    em: EntityManager,
    r: ReportRequest,
    currency: string,
    timezone: string,
    analysis: boolean,
  ): Promise<{ expenses: ReportExpense[]; unconverted: number }> {
    // earlier history is only for the analytics that model spending: without consent, the period alone
    const found = await rows<ExpenseRow>(
      em,
      `SELECT e.id, e.occurred_on::text AS occurred_on,
              CASE WHEN e.occurred_at IS NULL THEN e.occurred_on::text || 'T12:00:00'
                   ELSE to_char(e.occurred_at AT TIME ZONE $4, 'YYYY-MM-DD"T"HH24:MI:SS') END AS occurred_at,
              round(e.amount * CASE WHEN e.currency = $5 THEN 1 ELSE r.rate END, 2)::text AS base,
              coalesce(c.name, 'Uncategorised') AS category, e.merchant, e.description
         FROM expenses e
         LEFT JOIN categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id
         -- the latest monthly rate at or before the expense's month: the rule of the budgets and the analysis
         LEFT JOIN LATERAL (SELECT app_fx_rate(e.tenant_id, e.currency, e.occurred_on) AS rate) r ON e.currency <> $5
        WHERE e.tenant_id = $1 AND e.user_id = $2
          AND e.occurred_on <= $3::date AND e.occurred_on > ($3::date - make_interval(months => ${HISTORY_MONTHS}))
          AND ($6::date IS NULL OR e.occurred_on >= $6::date)
        ORDER BY e.occurred_on, e.occurred_at NULLS FIRST, e.id`,
      [r.tenantId, r.customerId, r.to, timezone, currency, analysis ? null : r.from],
    );
    const expenses: ReportExpense[] = [];
    let unconverted = 0;
    for (const e of found) {
      if (e.base === null) {
        if (e.occurred_on >= r.from) unconverted++;
        continue;
      }
      expenses.push({
        id: e.id,
        occurredOn: e.occurred_on,
        occurredAt: e.occurred_at,
        amountCents: cents(e.base),
        category: e.category,
        merchant: e.merchant,
        description: e.description,
      });
    }
    return { expenses, unconverted };
  }

  /**
   * Findings raised in the period (tenant-local dates): approved ones, in the customer-facing wording; for an
   * operator's report with pending findings, also those still waiting for review (never dismissed or superseded).
   */
  private async findings(em: EntityManager, r: ReportRequest, timezone: string): Promise<ReportFinding[]> {
    const statuses = r.includesPending ? ['approved', ...OPEN_FINDING_STATUSES] : ['approved'];
    const found = await rows<FindingRow>(
      em,
      `SELECT id, type, severity, score, status, title, message, evidence->'reasons' AS reasons, created_at, decided_at,
              dismiss_reason, subject->'expenseIds' AS expense_ids
         FROM findings
        WHERE tenant_id = $1 AND user_id = $2 AND status = ANY($3::text[])
          AND (created_at AT TIME ZONE $6)::date BETWEEN $4::date AND $5::date
        ORDER BY created_at, id`,
      [r.tenantId, r.customerId, statuses, r.from, r.to, timezone],
    );
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return found.map((f) => ({
      id: f.id,
      type: f.type,
      severity: f.severity,
      score: Number(f.score),
      status: f.status,
      title: f.title,
      message: f.message,
      // the detectors' own wording is for reviewers; a customer reads the approved message
      reasons: r.audience === 'customer' ? [] : strings(f.reasons),
      createdAt: f.created_at.toISOString(),
      decidedAt: f.decided_at?.toISOString() ?? null,
      dismissReason: f.dismiss_reason,
      expenseIds: strings(f.expense_ids),
    }));
  }
}
