import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DismissReason, FindingSeverity, FindingStatus, FindingType } from '@spendguard/contracts';
import { User } from './user.entity';

/**
 * Something the analysis wants a person to look at. Nothing reaches the customer until approved.
 * `fingerprint` (customer, type, subject) keeps reruns from duplicating an open finding or recreating a
 * dismissed one; `pattern` is what a dismissal as "expected" teaches the analysis to leave alone.
 */
@Entity('findings')
@ForeignKey(() => User, ['tenantId', 'userId'], ['tenantId', 'id'], { name: 'fk_findings_user', onDelete: 'CASCADE' })
@Check('ck_findings_type', `type IN ('anomaly', 'forecast_overrun', 'drift', 'category_merge', 'recurring_change')`)
@Check('ck_findings_severity', `severity IN ('low', 'medium', 'high')`)
@Check(
  'ck_findings_status',
  `status IN ('pending', 'in_review', 'pending_second_review', 'approved', 'dismissed', 'snoozed', 'superseded')`,
)
@Index('ix_findings_queue', ['tenantId', 'status', 'severity', 'dueAt'])
@Index('ix_findings_user', ['tenantId', 'userId', 'status'])
@Index('ix_findings_pattern', ['tenantId', 'userId', 'pattern'])
// at most one live (not superseded) finding per fingerprint (partial, in a migration)
@Index('uq_findings_fingerprint', { synchronize: false })
// review-queue order (expression and partial indexes, in the ReviewQueueIndexes migration)
@Index('ix_findings_urgency', { synchronize: false })
@Index('ix_findings_next', { synchronize: false })
@Index('ix_findings_snoozed', { synchronize: false })
@Index('ix_findings_open_due', { synchronize: false })
@Index('ix_findings_created', ['tenantId', 'status', 'createdAt', 'id'])
export class Finding {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The customer the finding is about. */
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: FindingType;

  @Column({ type: 'varchar', length: 8 })
  severity!: FindingSeverity;

  @Column({ type: 'double precision' })
  score!: number;

  @Column({ type: 'varchar', length: 32, default: 'pending' })
  status!: FindingStatus;

  /** Customer-facing title and message (rewritten on approval when the reviewer edits them). */
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  message!: string;

  /** The analysis' own wording, kept when a reviewer rewrites it. */
  @Column({ type: 'varchar', length: 200 })
  originalTitle!: string;

  @Column({ type: 'text' })
  originalMessage!: string;

  @Column({ type: 'jsonb' })
  evidence!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  subject!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 300 })
  fingerprint!: string;

  @Column({ type: 'varchar', length: 300 })
  pattern!: string;

  @Column({ type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  snoozedUntil!: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  dismissReason!: DismissReason | null;

  @Column({ type: 'uuid', nullable: true })
  firstReviewerId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  /** When the customer read the approved insight. */
  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Append-only history of a finding: every change is written with its event in one transaction. */
@Entity('finding_events')
@ForeignKey(() => Finding, ['tenantId', 'findingId'], ['tenantId', 'id'], { name: 'fk_finding_events_finding', onDelete: 'CASCADE' })
@Index('ix_finding_events_finding', ['tenantId', 'findingId', 'at'])
export class FindingEvent {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  findingId!: string;

  /** Null for the system (analysis, expiry of claims and snoozes). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  fromStatus!: FindingStatus | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  toStatus!: FindingStatus | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  payload!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
