import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import type { CategoryView, CreateCategoryRequest, MergeCategoryRequest, MergeCategoryResult, RenameCategoryRequest } from '@spendguard/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value);

export class CategoryDto implements CategoryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Groceries' }) name!: string;
  @ApiProperty({ description: "One of the tenant's default categories (shared, cannot be renamed)" }) isDefault!: boolean;
}

export class CategoryListDto {
  @ApiProperty({ type: [CategoryDto] }) items!: CategoryDto[];
}

export class CreateCategoryDto implements CreateCategoryRequest {
  @ApiProperty({ maxLength: 80, example: 'Pets' })
  @Transform(trim)
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(80)
  name!: string;
}

export class RenameCategoryDto extends CreateCategoryDto implements RenameCategoryRequest {}

export class MergeCategoryDto implements MergeCategoryRequest {
  @ApiProperty({ format: 'uuid', description: 'The category that takes over the expenses and budgets' })
  @IsUUID('all', { message: 'intoId must be a UUID' })
  intoId!: string;
}

export class MergeCategoryResultDto implements MergeCategoryResult {
  @ApiProperty({ type: CategoryDto }) into!: CategoryDto;
  @ApiProperty() movedExpenses!: number;
  @ApiProperty() movedBudgets!: number;
}
