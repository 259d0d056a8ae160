import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { SlaHoursView, TenantProfileView, TenantSettingsView, UpdateTenantSettingsRequest } from '@spendguard/contracts';
import { IsCurrencyCode, IsLocale, IsTimeZone } from '@spendguard/server-core';

export class SlaHoursDto implements SlaHoursView {
  @ApiProperty({ minimum: 1, maximum: 720, example: 24 })
  @IsInt({ message: 'slaHours.high must be a whole number of hours' })
  @Min(1)
  @Max(720)
  high!: number;

  @ApiProperty({ minimum: 1, maximum: 720, example: 72 })
  @IsInt({ message: 'slaHours.medium must be a whole number of hours' })
  @Min(1)
  @Max(720)
  medium!: number;

  @ApiProperty({ minimum: 1, maximum: 720, example: 168 })
  @IsInt({ message: 'slaHours.low must be a whole number of hours' })
  @Min(1)
  @Max(720)
  low!: number;
}

export class TenantSettingsDto implements TenantSettingsView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ example: 'en-US' }) locale!: string;
  @ApiProperty({ example: '02:00', description: 'Local time of the nightly analysis' }) nightlyAt!: string;
  @ApiProperty({ example: 0.02, description: 'Most a customer may be flagged per month, as a share of transactions' })
  flagBudget!: number;
  @ApiProperty({ description: 'Dismissing a high-severity finding needs a second supervisor' }) fourEyes!: boolean;
  @ApiProperty({ type: SlaHoursDto }) slaHours!: SlaHoursDto;
}

export class UpdateTenantSettingsDto implements UpdateTenantSettingsRequest {
  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ example: 'de-DE' })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ example: '02:00' })
  @IsOptional()
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'nightlyAt must be a time of day as HH:MM (00:00 to 23:59)' })
  nightlyAt?: string;

  @ApiPropertyOptional({ minimum: 0.001, maximum: 0.2, example: 0.02 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4 }, { message: 'flagBudget must be a number with at most 4 decimals' })
  @Min(0.001)
  @Max(0.2)
  flagBudget?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'fourEyes must be true or false' })
  fourEyes?: boolean;

  @ApiPropertyOptional({ type: SlaHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaHoursDto)
  slaHours?: SlaHoursDto;
}

export class TenantProfileDto implements TenantProfileView {
  @ApiProperty({ example: 'demo' }) slug!: string;
  @ApiProperty({ example: 'Demo Bank' }) name!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ example: 'en-US' }) locale!: string;
}
