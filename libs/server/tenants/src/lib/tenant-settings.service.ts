import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { invalid, notFound } from '@spendguard/server-core';
import { rows, TenantDb, TenantScope } from '@spendguard/server-data';
import type { TenantSettingsDto, UpdateTenantSettingsDto } from './tenant-settings.dto';

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  currency: string;
  timezone: string;
  locale: string;
  nightly_at: string;
  flag_budget: string;
  four_eyes: boolean;
  sla_hours: { high: number; medium: number; low: number };
}

const COLUMNS: Record<Exclude<keyof UpdateTenantSettingsDto, never>, string> = {
  timezone: 'timezone',
  locale: 'locale',
  currency: 'currency',
  nightlyAt: 'nightly_at',
  flagBudget: 'flag_budget',
  fourEyes: 'four_eyes',
  slaHours: 'sla_hours',
};

@Injectable()
export class TenantSettingsService {
  constructor(private readonly db: TenantDb) {}

  /** Every signed-in page asks for its tenant (GET /tenant): one round trip. */
  async get(scope: TenantScope): Promise<TenantSettingsDto> {
    const [row] = await this.db.read<TenantRow>(scope, `${SELECT_TENANT} WHERE id = $1`, [scope.tenantId]);
    return toDto(row);
  }

  async update(scope: TenantScope, dto: UpdateTenantSettingsDto): Promise<TenantSettingsDto> {
    const sets: string[] = [];
    const params: unknown[] = [scope.tenantId];
    for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof UpdateTenantSettingsDto, string]>) {
      const value = dto[key];
      if (value === undefined) continue;
      params.push(key === 'slaHours' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    if (!sets.length) throw invalid('Nothing to change: send at least one setting');
    return this.db.tx(scope, async (em) => {
      await rows(em, `UPDATE tenants SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
      return this.load(em, scope.tenantId);
    });
  }

  private async load(em: EntityManager, tenantId: string): Promise<TenantSettingsDto> {
    const [row] = await rows<TenantRow>(em, `${SELECT_TENANT} WHERE id = $1`, [tenantId]);
    return toDto(row);
  }
}

const SELECT_TENANT = `SELECT id, slug, name, currency, timezone, locale, nightly_at, flag_budget, four_eyes, sla_hours FROM tenants`;

function toDto(row: TenantRow | undefined): TenantSettingsDto {
  if (!row) throw notFound('Tenant');
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    currency: row.currency,
    timezone: row.timezone,
    locale: row.locale,
    nightlyAt: row.nightly_at,
    flagBudget: Number(row.flag_budget),
    fourEyes: row.four_eyes,
    slaHours: row.sla_hours,
  };
}
