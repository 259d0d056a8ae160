import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from './tenant.entity';

/** Admin-maintained monthly rate: one unit of `currency` in the tenant's base currency. */
@Entity('fx_rates')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_fx_rates_tenant', onDelete: 'CASCADE' })
@Check('ck_fx_rates_rate', `rate > 0`)
@Check('ck_fx_rates_month', `extract(day FROM month) = 1`)
@Check('ck_fx_rates_currency', `currency ~ '^[A-Z]{3}$'`)
export class FxRate {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ type: 'date' })
  month!: string;

  @PrimaryColumn({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'numeric', precision: 18, scale: 8 })
  rate!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
