import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { FINDING_TYPES, FindingType, InsightList, InsightView, ReadInsightRequest } from '@spendguard/contracts';

export class InsightAnnotationDto {
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class InsightDto implements InsightView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: FINDING_TYPES }) type!: FindingType;
  @ApiProperty() title!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [InsightAnnotationDto], description: "The reviewers' notes meant for you" })
  annotations!: InsightAnnotationDto[];
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

export class InsightListDto implements InsightList {
  @ApiProperty({ type: [InsightDto] }) items!: InsightDto[];
}

export class ReadInsightDto implements ReadInsightRequest {
  @ApiPropertyOptional({ default: true, description: 'false marks the insight unread again' })
  @IsOptional()
  @IsBoolean({ message: 'read must be true or false' })
  read?: boolean;
}
