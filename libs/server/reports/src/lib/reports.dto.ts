import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID } from 'class-validator';
import { REPORT_STATUSES, type CreateReportRequest, type ReportAudience, type ReportStatus, type ReportView } from '@spendguard/contracts';

export class CreateReportDto implements CreateReportRequest {
  @ApiProperty({ example: '2026-01-01', description: 'First day of the period (YYYY-MM-DD, inclusive)' })
  @IsString({ message: 'from must be a date as YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-10-31', description: 'Last day of the period (YYYY-MM-DD, inclusive); at most REPORT_MAX_MONTHS months after from' })
  @IsString({ message: 'to must be a date as YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Operators: the customer (required). Customers: omit (or their own id).' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional({ default: true, description: 'Operators only: include findings still pending review (the cover says so)' })
  @IsOptional()
  @IsBoolean({ message: 'includePending must be true or false' })
  includePending?: boolean;
}

export class ReportDto implements ReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ enum: ['customer', 'operator'], description: "customer: approved findings only; operator: the operators' version" })
  audience!: ReportAudience;
  @ApiProperty() includesPending!: boolean;
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-10-31' }) to!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'After this the report answers 410 Gone (REPORT_TTL_HOURS)' }) expiresAt!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) sizeBytes!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '/api/reports/0d0c.../download' }) downloadUrl!: string | null;
}
