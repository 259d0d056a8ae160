import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AnalysisRunStatus } from '@spendguard/contracts';
import { User } from './user.entity';

/** One analysis of one customer: nightly (at most one per run date) or on demand. */
@Entity('analysis_runs')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_analysis_runs_user', onDelete: 'CASCADE' })
@Check('ck_analysis_runs_status', `status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
@Check('ck_analysis_runs_kind', `kind IN ('nightly', 'on_demand')`)
@Check('ck_analysis_runs_progress', `progress BETWEEN 0 AND 100`)
@Index('ix_analysis_runs_user', ['tenantId', 'userId', 'queuedAt'])
// one nightly run per customer and run date: the idempotency key of the nightly pass (partial, in a migration)
@Index('uq_analysis_runs_nightly', { synchronize: false })
export class AnalysisRun {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'nightly' | 'on_demand';

  /** The tenant-local date the run analyses up to. */
  @Column({ type: 'date' })
  runDate!: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: AnalysisRunStatus;

  /** Who asked for an on-demand run (null for the nightly pass). */
  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  jobId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  timings!: Record<string, number>;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  modelVersions!: Record<string, string | number>;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  counts!: Record<string, number>;

  @Column({ type: 'integer', default: 0 })
  findingsCreated!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error!: string | null;

  /** The stage a running run is in (analysing; done once it succeeded), written once per stage. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  stage!: string | null;

  /** Percent done, with the stage. */
  @Column({ type: 'smallint', default: 0 })
  progress!: number;
}
