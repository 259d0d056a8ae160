import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  BATCH_MAX_ITEMS,
  BatchExpenseItem,
  BatchExpenseRequest,
  BatchExpenseResult,
  CreateExpenseRequest,
  EXPENSE_SORTS,
  ExpenseFilters,
  ExpenseListQuery,
  ExpenseRevisionView,
  ExpenseSort,
  ExpenseView,
  UpdateExpenseRequest,
} from '@spendguard/contracts';
import { IsCurrencyCode, PageCursor, PageLimit } from '@spendguard/server-core';
import { IsIsoDate, IsMoneyAmount, IsMoneyFilter, IsOccurredAt } from '../shared/validators';

const text = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value);
const MONEY_SCHEMA = { oneOf: [{ type: 'string', example: '12.30' }, { type: 'number', example: 12.3 }] };
const present = (field: string) => (o: Record<string, unknown>) => o[field] !== undefined;

export class CreateExpenseDto implements CreateExpenseRequest {
  @ApiProperty({
    description: 'A local date `YYYY-MM-DD`, or an ISO 8601 timestamp with offset (its date in the tenant time zone is used)',
    examples: ['2024-03-01', '2024-03-01T18:45:00+01:00'],
  })
  @IsOccurredAt()
  occurredAt!: string;

  @ApiProperty({ ...MONEY_SCHEMA, description: 'Positive, at most 2 decimals; with `refund: true` the amount is a refund' })
  @IsMoneyAmount()
  amount!: string | number;

  @ApiPropertyOptional({ example: 'EUR', description: "ISO 4217; defaults to the tenant's base currency" })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiProperty({ maxLength: 500, example: 'Weekly groceries' })
  @Transform(text)
  @IsString({ message: 'description must be a string' })
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(500)
  description!: string;

  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true, example: 'Whole Foods' })
  @IsOptional()
  @Transform(text)
  @IsString({ message: 'merchant must be a string' })
  @MaxLength(200)
  merchant?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 80,
    description: 'A category name instead of categoryId: matched case-insensitively, created as your own when new',
  })
  @IsOptional()
  @Transform(text)
  @IsString({ message: 'category must be a string' })
  @IsNotEmpty({ message: 'category must not be empty' })
  @MaxLength(80)
  category?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString({ message: 'notes must be a string' })
  @MaxLength(2000)
  notes?: string | null;

  @ApiPropertyOptional({ description: 'A refund: stored as a negative amount', default: false })
  @IsOptional()
  @IsBoolean({ message: 'refund must be true or false' })
  refund?: boolean;
}

export class UpdateExpenseDto implements UpdateExpenseRequest {
  @ApiProperty({ minimum: 1, description: 'The version you read; a stale version answers 409' })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ examples: ['2024-03-01', '2024-03-01T18:45:00+01:00'] })
  @ValidateIf(present('occurredAt'))
  @IsOccurredAt()
  occurredAt?: string;

  @ApiPropertyOptional(MONEY_SCHEMA)
  @ValidateIf(present('amount'))
  @IsMoneyAmount()
  amount?: string | number;

  @ApiPropertyOptional({ example: 'EUR' })
  @ValidateIf(present('currency'))
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @ValidateIf(present('description'))
  @Transform(text)
  @IsString({ message: 'description must be a string' })
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true, description: 'null clears it' })
  @IsOptional()
  @Transform(text)
  @IsString({ message: 'merchant must be a string' })
  @MaxLength(200)
  merchant?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 80 })
  @IsOptional()
  @Transform(text)
  @IsString({ message: 'category must be a string' })
  @IsNotEmpty({ message: 'category must not be empty' })
  @MaxLength(80)
  category?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString({ message: 'notes must be a string' })
  @MaxLength(2000)
  notes?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(present('refund'))
  @IsBoolean({ message: 'refund must be true or false' })
  refund?: boolean;
}

export class ExpenseDto implements ExpenseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '`YYYY-MM-DD` when no time is known, else an ISO 8601 timestamp', example: '2024-03-01' })
  occurredAt!: string;
  @ApiProperty({ format: 'date', description: 'Local date in the tenant time zone' }) occurredOn!: string;
  @ApiProperty({ example: '12.30', description: 'Two decimals; negative for refunds' }) amount!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) merchant!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) categoryId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Category name' }) category!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty() refund!: boolean;
  @ApiProperty({ enum: ['manual', 'import', 'api', 'seed'] }) source!: ExpenseView['source'];
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ExpensePageDto {
  @ApiProperty({ type: [ExpenseDto] }) items!: ExpenseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ description: 'Size of the whole filtered list' }) total!: number;
}

export class ExpenseFiltersQueryDto implements ExpenseFilters {
  @ApiPropertyOptional({ format: 'date', description: 'Inclusive local date' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Inclusive local date' })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string;

  @ApiPropertyOptional({ description: 'Full-text search over description and merchant (word prefixes, all words)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: '10.00' })
  @IsOptional()
  @IsMoneyFilter()
  minAmount?: string;

  @ApiPropertyOptional({ example: '250.00' })
  @IsOptional()
  @IsMoneyFilter()
  maxAmount?: string;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ enum: EXPENSE_SORTS, default: '-occurredAt' })
  @IsOptional()
  @IsIn(EXPENSE_SORTS, { message: `sort must be one of: ${EXPENSE_SORTS.join(', ')}` })
  sort?: ExpenseSort;
}

export class ExpenseListQueryDto extends ExpenseFiltersQueryDto implements ExpenseListQuery {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class ExpenseRevisionDto implements ExpenseRevisionView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ example: 'updated', description: 'created | updated | deleted | category_merged' }) action!: string;
  @ApiProperty({ type: Object, nullable: true, description: 'State before the change' }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true, description: 'State after the change' }) after!: Record<string, unknown> | null;
}

export class ExpenseHistoryDto {
  @ApiProperty({ type: [ExpenseRevisionDto] }) items!: ExpenseRevisionDto[];
}

/** Documentation of one batch item; items are checked one by one so that a bad item fails alone. */
export class BatchExpenseItemDto extends CreateExpenseDto implements BatchExpenseItem {
  @ApiProperty({ maxLength: 200, description: 'Your idempotency key, unique per customer' })
  externalId!: string;
}

@ApiExtraModels(BatchExpenseItemDto)
export class BatchExpenseDto implements BatchExpenseRequest {
  @ApiProperty({ type: 'array', items: { $ref: getSchemaPath(BatchExpenseItemDto) }, maxItems: BATCH_MAX_ITEMS })
  @IsArray({ message: 'items must be an array' })
  @ArrayNotEmpty({ message: 'items must not be empty' })
  @ArrayMaxSize(BATCH_MAX_ITEMS, { message: `items may hold at most ${BATCH_MAX_ITEMS} expenses per call` })
  items!: BatchExpenseItem[];
}

export class BatchFailureDto {
  @ApiProperty() index!: number;
  @ApiProperty() message!: string;
}

export class BatchExpenseResultDto implements BatchExpenseResult {
  @ApiProperty() created!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty({ type: [Number] }) duplicateIndexes!: number[];
  @ApiProperty({ type: [BatchFailureDto] }) failed!: BatchFailureDto[];
}
