import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** A trained per-customer model on disk under ml-artifacts/<tenant>/<customer>/, with its checksum. */
@Entity('model_artifacts')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_model_artifacts_user', onDelete: 'CASCADE' })
@Index('uq_model_artifacts_version', ['tenantId', 'userId', 'kind', 'version'], { unique: true })
export class ModelArtifact {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** Relative to the artifacts directory. */
  @Column({ type: 'varchar', length: 500 })
  path!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  metadata!: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  runId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
