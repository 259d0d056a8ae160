import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AnnotationVisibility } from '@spendguard/contracts';
import { Finding } from './finding.entity';
import { User } from './user.entity';

/**
 * A reviewer's note on a finding: `internal` stays in the console, `customer` is shown with the approved insight.
 * Append-only, like the finding's events.
 */
@Entity('annotations')
@ForeignKey(() => Finding, ['tenantId', 'findingId'], ['tenantId', 'id'], { name: 'fk_annotations_finding', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['tenantId', 'authorId'], ['tenantId', 'id'], { name: 'fk_annotations_author', onDelete: 'CASCADE' })
@Check('ck_annotations_visibility', `visibility IN ('internal', 'customer')`)
@Index('ix_annotations_finding', ['tenantId', 'findingId', 'createdAt'])
export class Annotation {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  findingId!: string;

  @Column({ type: 'uuid' })
  authorId!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 16 })
  visibility!: AnnotationVisibility;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
