import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from './user.entity';

/** Tenant defaults have no user; customer-defined categories belong to one customer. */
// Partial, case-insensitive unique names live in the TenancyAndIntegrity migration.
@Entity('categories')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_categories_user', onDelete: 'CASCADE' })
@ForeignKey(() => Category, ['tenantId', 'mergedIntoId'], ['tenantId', 'id'], { name: 'fk_categories_merged_into' })
@Index('uq_categories_default_name', { synchronize: false })
@Index('uq_categories_user_name', { synchronize: false })
export class Category {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;

  /** Set when merged into another category; merged categories are hidden from lists. */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
