import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { FindingType } from '@spendguard/contracts';
import { Category } from './category.entity';
import { User } from './user.entity';

/**
 * An operator's rule that dismisses new matching findings as `suppressed`: one customer (or the whole tenant when
 * `customerId` is null), by finding type, merchant key and/or category, until `expiresAt` (or for good).
 */
@Entity('suppression_rules')
@ForeignKey(() => User, ['tenantId', 'customerId'], ['tenantId', 'id'], { name: 'fk_suppression_rules_customer', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'createdBy'], ['tenantId', 'id'], { name: 'fk_suppression_rules_creator', onDelete: 'CASCADE' })
@ForeignKey(() => Category, ['tenantId', 'categoryId'], ['tenantId', 'id'], { name: 'fk_suppression_rules_category', onDelete: 'CASCADE' })
@Check('ck_suppression_rules_criterion', `finding_type IS NOT NULL OR merchant IS NOT NULL OR category_id IS NOT NULL`)
@Check(
  'ck_suppression_rules_type',
  `finding_type IS NULL OR finding_type IN ('anomaly', 'forecast_overrun', 'drift', 'category_merge', 'recurring_change')`,
)
@Index('ix_suppression_rules_customer', ['tenantId', 'customerId'])
@Index('ix_suppression_rules_created', ['tenantId', 'createdAt', 'id'])
export class SuppressionRule {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The customer the rule is for; null: every customer of the tenant. */
  @Column({ type: 'uuid', nullable: true })
  customerId!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  findingType!: FindingType | null;

  /** Normalised merchant key, compared with the key of a finding's `subject.merchant`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  merchant!: string | null;

  @Column({ type: 'uuid', nullable: true })
  categoryId!: string | null;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
