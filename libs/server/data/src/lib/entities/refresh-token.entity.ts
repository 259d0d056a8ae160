import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * One row per issued refresh token. Tokens of one login form a family (the "session"); a token is
 * spent when it is rotated, and presenting a spent token again revokes the whole family.
 */
@Entity('refresh_tokens')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_refresh_tokens_user', onDelete: 'CASCADE' })
@Index('uq_refresh_tokens_hash', { synchronize: false })
@Index('ix_refresh_tokens_family', ['tenantId', 'familyId'])
@Index('ix_refresh_tokens_user', ['tenantId', 'userId'])
export class RefreshToken {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'uuid' })
  familyId!: string;

  /** sha256 of the random secret part, hex. The secret itself is never stored. */
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Set when this token was exchanged for a new one. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason!: string | null;

  @Column({ type: 'varchar', length: 400, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
