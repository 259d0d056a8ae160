import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface SlaHours {
  high: number;
  medium: number;
  low: number;
}

@Entity('tenants')
@Check('ck_tenants_slug', `slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'`)
@Check('ck_tenants_currency', `currency ~ '^[A-Z]{3}$'`)
@Check('ck_tenants_nightly_at', `nightly_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)
@Check('ck_tenants_flag_budget', `flag_budget > 0 AND flag_budget <= 0.2`)
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** ISO 4217 base currency used for analysis and budgets. */
  @Column({ type: 'char', length: 3, default: 'USD' })
  currency!: string;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone!: string;

  @Column({ type: 'varchar', length: 35, default: 'en-US' })
  locale!: string;

  /** Local wall-clock time of the nightly analysis, HH:MM. */
  @Column({ type: 'varchar', length: 5, default: '02:00' })
  nightlyAt!: string;

  /** Upper bound on the share of a customer's monthly transactions the detectors may flag. */
  @Column({ type: 'numeric', precision: 5, scale: 4, default: () => '0.02' })
  flagBudget!: string;

  @Column({ type: 'boolean', default: true })
  fourEyes!: boolean;

  // written the way PostgreSQL prints it back, so migration:generate sees no difference
  @Column({ type: 'jsonb', default: () => `'{"low": 168, "high": 24, "medium": 72}'` })
  slaHours!: SlaHours;

  /** Tenant-local date of the last nightly pass the scheduler enqueued (claimed atomically, so one replica wins). */
  @Column({ type: 'date', nullable: true })
  lastNightlyDate!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
