import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { OperatorCustomerDetailView, OperatorCustomerQuery, OperatorCustomerView } from '@spendguard/contracts';
import { PageCursor, PageLimit } from '@spendguard/server-core';
import { ConsentEventDto, ConsentStateDto } from '../consent/consent.dto';

export class OperatorCustomerQueryDto implements OperatorCustomerQuery {
  @ApiPropertyOptional({ description: 'Matches display name or email' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only customers who do (true) or do not (false) consent' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'consent must be true or false' })
  consent?: 'true' | 'false';

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class OperatorCustomerDto implements OperatorCustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'Currently consents to analysis' }) consent!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAnalysisAt!: string | null;
  @ApiProperty() openFindings!: number;
}

export class OperatorCustomerPageDto {
  @ApiProperty({ type: [OperatorCustomerDto] }) items!: OperatorCustomerDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() total!: number;
}

export class CustomerExpenseStatsDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) firstOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) lastOn!: string | null;
}

export class OperatorCustomerDetailDto extends OperatorCustomerDto implements OperatorCustomerDetailView {
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: ConsentStateDto }) consentState!: ConsentStateDto;
  @ApiProperty({ type: [ConsentEventDto] }) consentHistory!: ConsentEventDto[];
  @ApiProperty({ type: CustomerExpenseStatsDto }) expenses!: CustomerExpenseStatsDto;
}
