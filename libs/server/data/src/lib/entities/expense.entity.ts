import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Category } from './category.entity';
import { User } from './user.entity';

export type ExpenseSource = 'manual' | 'import' | 'api' | 'seed';

@Entity('expenses')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_expenses_user', onDelete: 'CASCADE' })
@ForeignKey(() => Category, ['tenantId', 'categoryId'], ['tenantId', 'id'], { name: 'fk_expenses_category' })
@Check('ck_expenses_currency', `currency ~ '^[A-Z]{3}$'`)
@Check('ck_expenses_amount', `amount <> 0`)
@Check('ck_expenses_source', `source IN ('manual', 'import', 'api', 'seed')`)
// Expression, partial and GIN indexes live in migrations. (tenant_id, user_id, occurred_on) lookups use the leading
// columns of ix_expenses_dedupe; a separate index on them only slowed ingestion (ExpenseCreationOnDemand).
@Index('uq_expenses_external_id', { synchronize: false })
@Index('ix_expenses_dedupe', { synchronize: false })
@Index('ix_expenses_user_category', { synchronize: false })
@Index('ix_expenses_search', { synchronize: false })
@Index('ix_expenses_user_amount', { synchronize: false })
export class Expense {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** The local calendar date of the expense (tenant's time zone). */
  @Column({ type: 'date' })
  occurredOn!: string;

  /** The exact instant when known (card transactions); null for date-only entries. */
  @Column({ type: 'timestamptz', nullable: true })
  occurredAt!: Date | null;

  /** NUMERIC(14,2): money is never a float. Positive for spending, negative only for refunds. */
  @Column({ type: 'numeric', precision: 14, scale: 2 })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  merchant!: string | null;

  @Column({ type: 'uuid', nullable: true })
  categoryId!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes!: string | null;

  @Column({ type: 'varchar', length: 16 })
  source!: ExpenseSource;

  /**
   * Who created the expense (the customer, an operator or null for the system). The `created` revision is written
   * only when the expense first changes (see ExpenseCreationOnDemand); until then history derives it from here.
   */
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** Client-supplied idempotency key for batch ingestion, unique per customer. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId!: string | null;

  /** Full-text search vector over description and merchant, maintained by PostgreSQL. */
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `to_tsvector('simple', coalesce(description, '') || ' ' || coalesce(merchant, ''))`,
  })
  search?: string;

  /**
   * The amount in integer cents, maintained by PostgreSQL. Amount filters and sorts use it: bigint comparisons are
   * leakproof, so PostgreSQL can use its index under row-level security (numeric comparisons are not).
   */
  @Column({
    type: 'bigint',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `(amount * 100)::bigint`,
  })
  amountCents?: string;

  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
