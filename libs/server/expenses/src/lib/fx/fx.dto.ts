import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsOptional, ValidateNested, registerDecorator } from 'class-validator';
import type { FxRateListView, FxRateView, PutFxRatesRequest } from '@spendguard/contracts';
import { IsCurrencyCode } from '@spendguard/server-core';
import { parseRate } from '../domain/fx';
import { IsIsoMonth } from '../shared/validators';

function IsRate() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isRate',
      target: object.constructor,
      propertyName,
      options: { message: (args) => (parseRate(args.value) as { message?: string }).message ?? 'rate is not valid' },
      validator: { validate: (value: unknown) => parseRate(value).ok },
    });
}

export class FxRateInputDto {
  @ApiProperty({ example: '2024-03' })
  @IsIsoMonth()
  month!: string;

  @ApiProperty({ example: 'EUR' })
  @IsCurrencyCode()
  currency!: string;

  @ApiProperty({ oneOf: [{ type: 'string', example: '1.0845' }, { type: 'number' }], description: 'One unit in the base currency' })
  @IsRate()
  rate!: string | number;
}

export class PutFxRatesDto implements PutFxRatesRequest {
  @ApiProperty({ type: [FxRateInputDto], maxItems: 1000 })
  @IsArray({ message: 'rates must be an array' })
  @ArrayNotEmpty({ message: 'rates must not be empty' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => FxRateInputDto)
  rates!: FxRateInputDto[];
}

export class FxRateQueryDto {
  @ApiPropertyOptional({ example: '2024-01', description: 'First month (inclusive)' })
  @IsOptional()
  @IsIsoMonth()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12', description: 'Last month (inclusive)' })
  @IsOptional()
  @IsIsoMonth()
  to?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;
}

export class FxRateDto implements FxRateView {
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '1.0845' }) rate!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class FxRateListDto implements FxRateListView {
  @ApiProperty({ example: 'USD' }) baseCurrency!: string;
  @ApiProperty({ type: [FxRateDto] }) items!: FxRateDto[];
}
