import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  ANNOTATION_VISIBILITIES,
  AnnotateRequest,
  AnnotationView,
  AnnotationVisibility,
  ApproveRequest,
  AssignRequest,
  BULK_ACTIONS,
  BULK_MAX_IDS,
  BulkAction,
  BulkItemResult,
  BulkRequest,
  BulkResponse,
  DISMISS_REASONS,
  DismissReason,
  DismissRequest,
  FINDING_SEVERITIES,
  FINDING_SORTS,
  FINDING_STATUSES,
  FINDING_TYPES,
  FindingDetailView,
  FindingEventView,
  FindingListQuery,
  FindingPage,
  FindingSeverity,
  FindingSort,
  FindingStatus,
  FindingType,
  FindingView,
  PAGE_MAX_LIMIT,
  RejectDismissalRequest,
  REVIEWER_DISMISS_REASONS,
  ReviewerDismissReason,
  SnoozeRequest,
  VersionedRequest,
} from '@spendguard/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class FindingListQueryDto implements FindingListQuery {
  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  @IsOptional()
  @IsIn(FINDING_STATUSES, { message: `status must be one of: ${FINDING_STATUSES.join(', ')}` })
  status?: FindingStatus;

  @ApiPropertyOptional({ enum: FINDING_TYPES })
  @IsOptional()
  @IsIn(FINDING_TYPES, { message: `type must be one of: ${FINDING_TYPES.join(', ')}` })
  type?: FindingType;

  @ApiPropertyOptional({ enum: FINDING_SEVERITIES })
  @IsOptional()
  @IsIn(FINDING_SEVERITIES, { message: `severity must be one of: ${FINDING_SEVERITIES.join(', ')}` })
  severity?: FindingSeverity;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only open findings past their due date (true), or all others (false)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: FINDING_SORTS,
    default: 'urgency',
    description: 'urgency: severity, then due date, then score; dueAt: soonest due first; -createdAt: newest first; -score: highest first',
  })
  @IsOptional()
  @IsIn(FINDING_SORTS, { message: `sort must be one of: ${FINDING_SORTS.join(', ')}` })
  sort?: FindingSort;

  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(PAGE_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (with the same filters and sort)' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}

export class FindingCustomerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class FindingDto implements FindingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: FindingCustomerDto }) customer!: FindingCustomerDto;
  @ApiProperty({ enum: FINDING_TYPES }) type!: FindingType;
  @ApiProperty({ enum: FINDING_SEVERITIES }) severity!: FindingSeverity;
  @ApiProperty({ description: 'Calibrated score, 0..1 (higher is more unusual)' }) score!: number;
  @ApiProperty({ enum: FINDING_STATUSES }) status!: FindingStatus;
  @ApiProperty({ description: 'Customer-facing title (the reviewer rewrite once approved)' }) title!: string;
  @ApiProperty({ description: 'Customer-facing message (the reviewer rewrite once approved)' }) message!: string;
  @ApiProperty({ description: "The analysis' own title" }) originalTitle!: string;
  @ApiProperty({ description: "The analysis' own message" }) originalMessage!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the analysis saw' }) evidence!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'From the tenant SLA hours for the severity' })
  dueAt!: string | null;
  @ApiProperty({ description: 'Open and past its due date' }) overdue!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) claimedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'After this anyone may claim the finding' })
  claimExpiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) snoozedUntil!: string | null;
  @ApiProperty({ enum: DISMISS_REASONS, nullable: true }) dismissReason!: DismissReason | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who dismissed it, while a second person must confirm' })
  firstReviewerId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ description: 'Send it back with every decision; a stale version answers 409' }) version!: number;
}

export class AnnotationDto implements AnnotationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) findingId!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ enum: ANNOTATION_VISIBILITIES, description: 'customer: shown with the approved insight' }) visibility!: AnnotationVisibility;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FindingDetailDto extends FindingDto implements FindingDetailView {
  @ApiProperty({ type: [AnnotationDto] }) annotations!: AnnotationDto[];
}

export class FindingCountsDto implements Record<FindingStatus, number> {
  @ApiProperty() pending!: number;
  @ApiProperty() in_review!: number;
  @ApiProperty() pending_second_review!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() dismissed!: number;
  @ApiProperty() snoozed!: number;
  @ApiProperty() superseded!: number;
}

export class FindingPageDto implements FindingPage {
  @ApiProperty({ type: [FindingDto] }) items!: FindingDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ description: 'Findings matching the filters' }) total!: number;
  @ApiProperty({ type: FindingCountsDto, description: 'Findings per status for the same filters except status' })
  counts!: FindingCountsDto;
}

export class FindingEventDto implements FindingEventView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for the system' }) actorId!: string | null;
  @ApiProperty({ example: 'approved' }) action!: string;
  @ApiProperty({ enum: FINDING_STATUSES, nullable: true }) fromStatus!: FindingStatus | null;
  @ApiProperty({ enum: FINDING_STATUSES, nullable: true }) toStatus!: FindingStatus | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) payload!: Record<string, unknown> | null;
}

export class FindingEventListDto {
  @ApiProperty({ type: [FindingEventDto] }) items!: FindingEventDto[];
}

export class VersionDto implements VersionedRequest {
  @ApiProperty({ minimum: 1, description: 'The version you read; a stale version answers 409' })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version!: number;
}

export class ApproveDto extends VersionDto implements ApproveRequest {
  @ApiPropertyOptional({ maxLength: 200, description: 'Rewritten customer-facing title (the original is kept)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Rewritten customer-facing message (the original is kept)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  message?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Internal note on the decision' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DismissDto extends VersionDto implements DismissRequest {
  @ApiProperty({ enum: REVIEWER_DISMISS_REASONS })
  @IsIn(REVIEWER_DISMISS_REASONS, { message: `reason must be one of: ${REVIEWER_DISMISS_REASONS.join(', ')}` })
  reason!: ReviewerDismissReason;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required when the reason is other' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SnoozeDto extends VersionDto implements SnoozeRequest {
  @ApiProperty({ format: 'date-time', description: 'When the finding returns to the queue (in the future, within a year)' })
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 timestamp' })
  until!: string;
}

export class AssignDto extends VersionDto implements AssignRequest {
  @ApiProperty({ format: 'uuid', description: 'A reviewer, supervisor or admin of the tenant' })
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId!: string;
}

export class RejectDismissalDto extends VersionDto implements RejectDismissalRequest {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Why the dismissal does not stand' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AnnotateDto implements AnnotateRequest {
  @ApiProperty({ maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(4000)
  body!: string;

  @ApiProperty({ enum: ANNOTATION_VISIBILITIES, description: 'internal: operators only; customer: shown with the approved insight' })
  @IsIn(ANNOTATION_VISIBILITIES, { message: `visibility must be one of: ${ANNOTATION_VISIBILITIES.join(', ')}` })
  visibility!: AnnotationVisibility;
}

export class BulkDto implements BulkRequest {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS, { message: `action must be one of: ${BULK_ACTIONS.join(', ')}` })
  action!: BulkAction;

  @ApiProperty({ type: [String], minItems: 1, maxItems: BULK_MAX_IDS, description: 'Finding ids; each gets its own result' })
  @IsArray()
  @ArrayMinSize(1, { message: 'ids must not be empty' })
  @ArrayMaxSize(BULK_MAX_IDS, { message: `ids may hold at most ${BULK_MAX_IDS} ids` })
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  ids!: string[];

  @ApiPropertyOptional({ enum: REVIEWER_DISMISS_REASONS, description: 'dismiss: required' })
  @IsOptional()
  @IsIn(REVIEWER_DISMISS_REASONS, { message: `reason must be one of: ${REVIEWER_DISMISS_REASONS.join(', ')}` })
  reason?: ReviewerDismissReason;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'assign: required' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;
}

export class BulkItemResultDto implements BulkItemResult {
  @ApiProperty() id!: string;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ enum: FINDING_STATUSES, description: 'The status after the action' }) status?: FindingStatus;
  @ApiPropertyOptional({ description: 'Why this id was not changed' }) error?: string;
}

export class BulkResultDto implements BulkResponse {
  @ApiProperty({ type: [BulkItemResultDto] }) results!: BulkItemResultDto[];
}
