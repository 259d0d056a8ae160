import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, ValidateIf } from 'class-validator';
import type { BudgetListView, BudgetStatusItem, BudgetStatusView, BudgetView, PutBudgetRequest } from '@spendguard/contracts';
import { IsBudgetAmount, IsIsoMonth } from '../shared/validators';

export class PutBudgetDto implements PutBudgetRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2024-03', description: 'Absent or null: the recurring monthly budget' })
  @ValidateIf((o: PutBudgetDto) => o.month !== undefined && o.month !== null)
  @IsIsoMonth()
  month?: string | null;

  @ApiProperty({ oneOf: [{ type: 'string', example: '400.00' }, { type: 'number', example: 400 }], description: 'In the base currency; 0 or more' })
  @IsBudgetAmount()
  amount!: string | number;
}

export class BudgetMonthQueryDto {
  @ApiPropertyOptional({ example: '2024-03', description: "Defaults to the current month in the tenant's time zone" })
  @IsOptional()
  @IsIsoMonth()
  month?: string;
}

export class BudgetDto implements BudgetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) categoryId!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ type: String, nullable: true, example: '2024-03' }) month!: string | null;
  @ApiProperty({ example: '400.00' }) amount!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
}

export class BudgetListDto implements BudgetListView {
  @ApiProperty({ type: [BudgetDto] }) items!: BudgetDto[];
}

export class BudgetStatusItemDto implements BudgetStatusItem {
  @ApiProperty({ format: 'uuid' }) categoryId!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ example: '400.00' }) budget!: string;
  @ApiProperty({ example: '120.50' }) spent!: string;
  @ApiProperty({ example: '279.50' }) remaining!: string;
  @ApiProperty({ type: Number, nullable: true, example: 30.1 }) percentUsed!: number | null;
  @ApiProperty({ type: String, nullable: true }) projected!: string | null;
  @ApiProperty({ type: String, nullable: true }) projectedLow!: string | null;
  @ApiProperty({ type: String, nullable: true }) projectedHigh!: string | null;
}

export class MissingRateDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ example: '2024-03' }) month!: string;
}

export class BudgetStatusDto implements BudgetStatusView {
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() daysInMonth!: number;
  @ApiProperty() daysElapsed!: number;
  @ApiProperty({ description: 'Days left in the month including today' }) daysLeft!: number;
  @ApiProperty({
    example: 'forecast',
    enum: ['forecast', 'pace'],
    description:
      "How `projected*` were computed: `forecast` (the analysis' per-category forecast, this month only, for a customer who has granted analysis consent) or `pace` (this month's spending extrapolated at its own daily pace: other months, and customers without analysis consent)",
  })
  projectionMethod!: string;
  @ApiProperty({ type: [BudgetStatusItemDto] }) items!: BudgetStatusItemDto[];
  @ApiProperty({ type: [MissingRateDto] }) missingRates!: MissingRateDto[];
}
