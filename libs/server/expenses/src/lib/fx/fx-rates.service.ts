import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { invalid, notFound } from '@spendguard/server-core';
import { rows, TenantDb, TenantScope } from '@spendguard/server-data';
import { parseRate } from '../domain/fx';
import { loadTenantContext } from '../shared/tenant-context';
import type { FxRateDto, FxRateListDto, FxRateQueryDto, PutFxRatesDto } from './fx.dto';

interface RateRow {
  month: string;
  currency: string;
  rate: string;
  updated_at: Date;
}

/** The admin-maintained monthly rates that convert expenses into the tenant's base currency. */
@Injectable()
export class FxRatesService {
  constructor(private readonly db: TenantDb) {}

  list(scope: TenantScope, query: FxRateQueryDto): Promise<FxRateListDto> {
    return this.db.tx(scope, (em) => this.load(em, scope.tenantId, query));
  }

  /** Adds or replaces rates (one per month and currency), all in one transaction. */
  put(scope: TenantScope, dto: PutFxRatesDto): Promise<FxRateListDto> {
    const seen = new Set<string>();
    const rates = dto.rates.map((r, i) => {
      const rate = parseRate(r.rate, `rates[${i}].rate`);
      if (!rate.ok) throw invalid(rate.message);
      const key = `${r.month}|${r.currency}`;
      if (seen.has(key)) throw invalid(`rates[${i}] repeats ${r.currency} for ${r.month}`);
      seen.add(key);
      return { month: `${r.month}-01`, currency: r.currency, rate: rate.value };
    });
    return this.db.tx(scope, async (em) => {
      const tenant = await loadTenantContext(em, scope.tenantId);
      const base = rates.findIndex((r) => r.currency === tenant.currency);
      if (base >= 0) throw invalid(`rates[${base}]: ${tenant.currency} is the base currency (its rate is always 1)`);
      await rows(
        em,
        `INSERT INTO fx_rates (tenant_id, month, currency, rate)
         SELECT $1, m, c, r FROM unnest($2::date[], $3::text[], $4::numeric[]) AS d(m, c, r)
         ON CONFLICT (tenant_id, month, currency) DO UPDATE SET rate = EXCLUDED.rate, updated_at = now()`,
        [scope.tenantId, rates.map((r) => r.month), rates.map((r) => r.currency), rates.map((r) => r.rate)],
      );
      const months = rates.map((r) => r.month.slice(0, 7)).sort();
      return this.load(em, scope.tenantId, { from: months[0], to: months[months.length - 1] });
    });
  }

  remove(scope: TenantScope, month: string, currency: string): Promise<void> {
    return this.db.tx(scope, async (em) => {
      const gone = await rows(em, `DELETE FROM fx_rates WHERE tenant_id = $1 AND month = $2::date AND currency = $3 RETURNING 1`, [
        scope.tenantId,
        `${month}-01`,
        currency,
      ]);
      if (!gone.length) throw notFound('FX rate');
    });
  }

  private async load(em: EntityManager, tenantId: string, query: FxRateQueryDto): Promise<FxRateListDto> {
    const tenant = await loadTenantContext(em, tenantId);
    const found = await rows<RateRow>(
      em,
      `SELECT to_char(month, 'YYYY-MM') AS month, currency, rate::text AS rate, updated_at FROM fx_rates
        WHERE tenant_id = $1 AND ($2::date IS NULL OR month >= $2::date) AND ($3::date IS NULL OR month <= $3::date)
          AND ($4::text IS NULL OR currency = $4)
        ORDER BY month DESC, currency`,
      [tenantId, query.from ? `${query.from}-01` : null, query.to ? `${query.to}-01` : null, query.currency ?? null],
    );
    return { baseCurrency: tenant.currency, items: found.map(toView) };
  }
}

function toView(row: RateRow): FxRateDto {
  const rate = row.rate.includes('.') ? row.rate.replace(/0+$/, '').replace(/\.$/, '') : row.rate;
  return { month: row.month, currency: row.currency, rate, updatedAt: row.updated_at.toISOString() };
}
