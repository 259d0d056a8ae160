import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import {
  CreateSuppressionRequest,
  FINDING_TYPES,
  FindingType,
  SuppressionListQuery,
  SuppressionPage,
  SuppressionRuleView,
} from '@spendguard/contracts';
import { PageCursor, PageLimit } from '@spendguard/server-core';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SuppressionListQueryDto implements SuppressionListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this customer's rules (tenant-wide rules are listed without it)" })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only rules still in force (true) or only expired ones (false)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'active must be true or false' })
  active?: 'true' | 'false';

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class CreateSuppressionDto implements CreateSuppressionRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The customer the rule is for; omitted: every customer of the tenant' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional({ enum: FINDING_TYPES })
  @IsOptional()
  @IsIn(FINDING_TYPES, { message: `findingType must be one of: ${FINDING_TYPES.join(', ')}` })
  findingType?: FindingType;

  @ApiPropertyOptional({ description: "The merchant's name in any spelling; stored as the analysis' merchant key", maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'merchant must be a string' })
  @MinLength(1, { message: 'merchant must not be empty' })
  @MaxLength(200, { message: 'merchant must be at most 200 characters' })
  merchant?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A default category of the tenant, or the rule's customer's own category" })
  @IsOptional()
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string;

  @ApiProperty({ description: 'Why findings like these need no review', maxLength: 1000 })
  @Transform(trim)
  @IsString({ message: 'note must be a string' })
  @MinLength(1, { message: 'note must not be empty' })
  @MaxLength(1000, { message: 'note must be at most 1000 characters' })
  note!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the rule stops applying (in the future); omitted: never' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 timestamp' })
  expiresAt?: string;
}

export class SuppressionCustomerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class SuppressionCategoryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class SuppressionRuleDto implements SuppressionRuleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: tenant-wide' }) customerId!: string | null;
  @ApiProperty({ type: SuppressionCustomerDto, nullable: true }) customer!: SuppressionCustomerDto | null;
  @ApiProperty({ enum: FINDING_TYPES, nullable: true }) findingType!: FindingType | null;
  @ApiProperty({ type: String, nullable: true, description: 'Normalised merchant key' }) merchant!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) categoryId!: string | null;
  @ApiProperty({ type: SuppressionCategoryDto, nullable: true }) category!: SuppressionCategoryDto | null;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ description: 'Not expired' }) active!: boolean;
}

export class SuppressionPageDto implements SuppressionPage {
  @ApiProperty({ type: [SuppressionRuleDto] }) items!: SuppressionRuleDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() total!: number;
}
