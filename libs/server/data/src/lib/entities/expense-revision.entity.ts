import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** Append-only history of every change to an expense (kept after the expense is deleted). */
@Entity('expense_revisions')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_expense_revisions_user', onDelete: 'CASCADE' })
@Index('ix_expense_revisions_expense', ['tenantId', 'expenseId', 'at'])
export class ExpenseRevision {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  expenseId!: string;

  /** The customer who owns the expense. */
  @Column({ type: 'uuid' })
  userId!: string;

  /** Who made the change; null for the system (analysis, merges run by jobs). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
