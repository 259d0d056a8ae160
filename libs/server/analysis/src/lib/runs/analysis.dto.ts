import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ANALYSIS_RUN_STAGES, ANALYSIS_RUN_STATUSES, AnalysisRunStage, AnalysisRunStatus, AnalysisRunView, QueueHealthView } from '@spendguard/contracts';

export class CreateAnalysisRunDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Operators: the customer to analyse. Customers: omit (or their own id).' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;
}

export class ListAnalysisRunsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}

export class NightlyRequestDto {
  @ApiPropertyOptional({ example: '2026-11-22', description: 'Run date (tenant-local); default today' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be a date as YYYY-MM-DD' })
  date?: string;
}

export class AnalysisRunDto implements AnalysisRunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: ['nightly', 'on_demand'] }) kind!: 'nightly' | 'on_demand';
  @ApiProperty({ example: '2026-11-22' }) runDate!: string;
  @ApiProperty({ enum: ANALYSIS_RUN_STATUSES }) status!: AnalysisRunStatus;
  @ApiProperty({ format: 'date-time' }) queuedAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'milliseconds per stage' })
  timings!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: true }) modelVersions!: Record<string, string | number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) counts!: Record<string, number>;
  @ApiProperty() findingsCreated!: number;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) error?: string | null;
  @ApiProperty({ enum: ANALYSIS_RUN_STAGES, description: 'The stage reached; a failed or cancelled run keeps the stage it stopped in' })
  stage!: AnalysisRunStage;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent done' }) progress!: number;
}

export class AnalysisRunListDto {
  @ApiProperty({ type: [AnalysisRunDto] }) items!: AnalysisRunDto[];
}

export class NightlyResultDto {
  @ApiProperty({ description: 'Customers enqueued (already-enqueued ones are not counted again)' }) enqueued!: number;
  @ApiProperty({ example: '2026-11-22' }) runDate!: string;
}

export class QueueStateCountDto {
  @ApiProperty() queue!: string;
  @ApiProperty() state!: string;
  @ApiProperty() count!: number;
}

export class QueueHealthDto implements QueueHealthView {
  @ApiProperty({ type: [QueueStateCountDto] }) counts!: QueueStateCountDto[];
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Age in seconds of the oldest job waiting' })
  oldestQueuedSeconds!: number | null;
  @ApiProperty({ type: [AnalysisRunDto], description: 'Most recent failed runs' }) recentFailures!: AnalysisRunDto[];
}

export class TenantAnalysisResultDto {
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) jobId!: string | null;
  @ApiProperty({ description: 'True when a job for the tenant was already waiting: that job is answered, none is added' })
  alreadyQueued!: boolean;
}

/** For actions that take no parameters (the OpenAPI document still describes a JSON body). */
export class EmptyBodyDto {}
