import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import {
  DetectorPrecision,
  DISMISS_REASONS,
  DismissReason,
  FINDING_SEVERITIES,
  FINDING_STATUSES,
  FINDING_TYPES,
  FindingMetrics,
  FindingSeverity,
  FindingStatus,
  FindingType,
  METRICS_WINDOWS,
  MetricsWindow,
  OpenAgeMetrics,
  QueueCell,
  ReasonCount,
  ReviewerDecisions,
  TypePrecision,
} from '@spendguard/contracts';

export class MetricsQueryDto {
  @ApiPropertyOptional({ enum: METRICS_WINDOWS, default: 30, description: 'The window of the decision metrics, in days' })
  @IsOptional()
  @Type(() => Number)
  @IsIn(METRICS_WINDOWS, { message: `days must be one of ${METRICS_WINDOWS.join(', ')}` })
  days?: MetricsWindow;
}

export class QueueCellDto implements QueueCell {
  @ApiProperty({ enum: FINDING_STATUSES })
  status!: FindingStatus;
  @ApiProperty({ enum: FINDING_SEVERITIES })
  severity!: FindingSeverity;
  @ApiProperty({ example: 12 })
  count!: number;
}

export class OpenAgeDto implements OpenAgeMetrics {
  @ApiProperty({ description: 'Open findings (pending, in_review, pending_second_review, snoozed)' })
  open!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median hours since creation of the open findings' })
  medianHours!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile of the same (continuous)' })
  p90Hours!: number | null;
}

export class ReviewerDecisionsDto implements ReviewerDecisions {
  @ApiProperty({ format: 'uuid' })
  actorId!: string;
  @ApiProperty()
  displayName!: string;
  @ApiProperty({ description: 'approved events in the window (bulk included)' })
  approved!: number;
  @ApiProperty({ description: 'dismissed events (including dismissals sent to a second review)' })
  dismissed!: number;
  @ApiProperty({ description: 'Dismissals confirmed or rejected as the second person' })
  secondReviews!: number;
  @ApiProperty()
  snoozed!: number;
  @ApiProperty({ description: 'approved + dismissed + secondReviews + snoozed' })
  total!: number;
}

export class ReasonCountDto implements ReasonCount {
  @ApiProperty({ enum: DISMISS_REASONS })
  reason!: DismissReason;
  @ApiProperty()
  count!: number;
}

export class DecidedCountsDto {
  @ApiProperty()
  approved!: number;
  @ApiProperty()
  dismissed!: number;
}

export class DetectorPrecisionDto implements DetectorPrecision {
  @ApiProperty({ example: 'lof', description: 'The detector with the highest score in evidence.detectors (ties: alphabetical first)' })
  detector!: string;
  @ApiProperty()
  approved!: number;
  @ApiProperty()
  dismissed!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'approved / (approved + dismissed)' })
  precision!: number | null;
}

export class TypePrecisionDto implements TypePrecision {
  @ApiProperty({ enum: FINDING_TYPES })
  type!: FindingType;
  @ApiProperty()
  approved!: number;
  @ApiProperty()
  dismissed!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'approved / (approved + dismissed)' })
  precision!: number | null;
}

export class FindingMetricsDto implements FindingMetrics {
  @ApiProperty({ enum: METRICS_WINDOWS })
  days!: number;
  @ApiProperty({ format: 'date-time', description: 'Start of the window (now - days)' })
  since!: string;
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;
  @ApiProperty({ type: [QueueCellDto], description: 'Open findings now by status and severity (non-empty cells)' })
  queue!: QueueCellDto[];
  @ApiProperty({ type: OpenAgeDto })
  openAge!: OpenAgeDto;
  @ApiProperty({ description: 'Open findings past their due date now' })
  overdue!: number;
  @ApiProperty({ type: [ReviewerDecisionsDto], description: 'Per person, most decisions first' })
  decisionsByReviewer!: ReviewerDecisionsDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'approved / (approved + dismissed) of the findings decided in the window' })
  approvalRate!: number | null;
  @ApiProperty({ type: DecidedCountsDto, description: 'Findings whose final decision (approved, dismissed) fell in the window' })
  decided!: DecidedCountsDto;
  @ApiProperty({ type: [ReasonCountDto], description: 'Reasons of the findings dismissed in the window, most frequent first' })
  dismissalReasons!: ReasonCountDto[];
  @ApiProperty({ type: [DetectorPrecisionDto], description: 'Anomalies decided in the window, by their top-scoring detector' })
  precisionByDetector!: DetectorPrecisionDto[];
  @ApiProperty({ type: [TypePrecisionDto], description: 'Findings decided in the window, by type' })
  precisionByType!: TypePrecisionDto[];
}
