import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CategoryForecastView,
  CategorySuggestionView,
  ForecastPoint,
  ForecastView,
  UpcomingChargeView,
  UpcomingChargesView,
} from '@spendguard/contracts';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class SuggestCategoryQueryDto {
  @ApiProperty({ example: 'NETFLIX.COM 866-579-7172', maxLength: 500 })
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(500)
  description!: string;

  @ApiPropertyOptional({ example: 'Netflix', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  merchant?: string;
}

export class CategorySuggestionDto implements CategorySuggestionView {
  @ApiProperty({ format: 'uuid' }) categoryId!: string;
  @ApiProperty({ example: 'Subscriptions' }) category!: string;
  @ApiProperty({ example: 0.82, minimum: 0, maximum: 1 }) confidence!: number;
}

export class ForecastPointDto implements ForecastPoint {
  @ApiProperty({ example: '2026-12' }) month!: string;
  @ApiProperty({ example: '412.50' }) mean!: string;
  @ApiProperty({ example: '350.00' }) lo80!: string;
  @ApiProperty({ example: '480.00' }) hi80!: string;
}

export class CategoryForecastDto implements CategoryForecastView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) categoryId!: string | null;
  @ApiProperty() category!: string;
  @ApiProperty({ example: 'seasonal_naive' }) model!: string;
  @ApiProperty() lowConfidence!: boolean;
  @ApiProperty({ type: [ForecastPointDto] }) forecast!: ForecastPointDto[];
}

export class ForecastDto implements ForecastView {
  @ApiProperty({ example: '2026-11-22' }) asOf!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: [String], example: ['2026-11', '2026-12', '2027-01'] }) months!: string[];
  @ApiProperty({ type: [ForecastPointDto] }) total!: ForecastPointDto[];
  @ApiProperty({ type: [CategoryForecastDto] }) categories!: CategoryForecastDto[];
  @ApiPropertyOptional({
    example: false,
    description:
      'True when the customer has not granted analysis consent: nothing is forecast (months, total and categories are empty) until they grant it under PUT /consent',
  })
  consentRequired?: boolean;
}

export class UpcomingChargeDto implements UpcomingChargeView {
  @ApiProperty({ example: 'Netflix' }) merchant!: string;
  @ApiProperty({ example: 'Subscriptions' }) category!: string;
  @ApiProperty({ enum: ['weekly', 'biweekly', 'monthly', 'yearly'] }) cadence!: UpcomingChargeView['cadence'];
  @ApiProperty({ example: '2026-12-03' }) nextDate!: string;
  @ApiProperty({ example: '15.49' }) nextAmount!: string;
  @ApiProperty({ example: '2026-11-03' }) lastDate!: string;
  @ApiProperty({ example: '15.49' }) lastAmount!: string;
  @ApiProperty({ example: 12 }) occurrences!: number;
}

export class UpcomingChargesDto implements UpcomingChargesView {
  @ApiProperty({ example: '2026-11-22' }) asOf!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 45 }) days!: number;
  @ApiProperty({ type: [UpcomingChargeDto] }) items!: UpcomingChargeDto[];
  @ApiPropertyOptional({
    example: false,
    description: 'True when the customer has not granted analysis consent: no recurring charges are detected (items is empty) until they grant it',
  })
  consentRequired?: boolean;
}
