import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Category } from './category.entity';
import { User } from './user.entity';

/** A recurring monthly budget (month null) or an override for one month (first day of the month). */
@Entity('budgets')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_budgets_user', onDelete: 'CASCADE' })
@ForeignKey(() => Category, ['tenantId', 'categoryId'], ['tenantId', 'id'], { name: 'fk_budgets_category', onDelete: 'CASCADE' })
@Check('ck_budgets_amount', `amount >= 0`)
@Check('ck_budgets_month', `month IS NULL OR extract(day FROM month) = 1`)
@Index('uq_budgets_recurring', { synchronize: false })
@Index('uq_budgets_month', { synchronize: false })
export class Budget {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'uuid' })
  categoryId!: string;

  @Column({ type: 'date', nullable: true })
  month!: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  amount!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
