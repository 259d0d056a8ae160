import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from './user.entity';

/** Current analysis consent of one customer. */
@Entity('consents')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_consents_user', onDelete: 'CASCADE' })
export class Consent {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'boolean', default: false })
  analysisGranted!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  grantedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Append-only log of real consent changes, with where they came from. */
@Entity('consent_events')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_consent_events_user', onDelete: 'CASCADE' })
@Check('ck_consent_events_action', `action IN ('granted', 'revoked')`)
@Index('ix_consent_events_user', ['tenantId', 'userId', 'at'])
export class ConsentEvent {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: 'granted' | 'revoked';

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 400, nullable: true })
  userAgent!: string | null;
}
