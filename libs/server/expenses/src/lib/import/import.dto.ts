import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CsvImportMapping, CsvImportPreviewRow, CsvImportResult } from '@spendguard/contracts';

/** The text fields of the multipart upload (the file itself is the `file` part). */
export class ImportCsvFieldsDto {
  @ApiPropertyOptional({
    description:
      'JSON column mapping, e.g. {"date":"Booking date","description":["Memo","Payee"],"debit":"Out","credit":"In","dateFormat":"DD.MM.YYYY","refunds":false}; detected when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  mapping?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true', description: 'Only check and preview (the default)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Commit the valid rows even when some rows are invalid' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'skipInvalid must be true or false' })
  skipInvalid?: 'true' | 'false';
}

export class CsvImportMappingDto implements CsvImportMapping {
  @ApiPropertyOptional() date?: string;
  @ApiPropertyOptional() time?: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) description?: string | string[];
  @ApiPropertyOptional() merchant?: string;
  @ApiPropertyOptional() amount?: string;
  @ApiPropertyOptional() debit?: string;
  @ApiPropertyOptional() credit?: string;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional() category?: string;
  @ApiPropertyOptional() currency?: string;
  @ApiPropertyOptional({ example: 'DD/MM/YYYY' }) dateFormat?: string;
  @ApiPropertyOptional({ enum: ['.', ','] }) decimal?: '.' | ',';
  @ApiPropertyOptional({ enum: [',', ';', '\t', '|'] }) delimiter?: ',' | ';' | '\t' | '|';
  @ApiPropertyOptional({ enum: ['debitPositive', 'debitNegative'] }) amountSign?: 'debitPositive' | 'debitNegative';
  @ApiPropertyOptional() refunds?: boolean;
  @ApiPropertyOptional() defaultCurrency?: string;
}

export class CsvImportErrorDto {
  @ApiProperty({ description: 'Line of the file (the header is line 1)' }) line!: number;
  @ApiProperty() message!: string;
}

export class CsvImportPreviewRowDto implements CsvImportPreviewRow {
  @ApiProperty() line!: number;
  @ApiProperty({ format: 'date' }) occurredOn!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ example: '12.30' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) merchant!: string | null;
  @ApiProperty({ type: String, nullable: true }) category!: string | null;
  @ApiProperty() duplicate!: boolean;
}

export class CsvImportResultDto implements CsvImportResult {
  @ApiProperty({ description: 'Data rows (header excluded)' }) rows!: number;
  @ApiProperty({ description: 'Well-formed expense rows, duplicates included' }) valid!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty({ description: 'Same date, amount and description as an existing expense or an earlier row' }) duplicates!: number;
  @ApiProperty({ description: 'Credits (unless mapped as refunds) and transfers' }) skipped!: number;
  @ApiProperty() created!: number;
  @ApiProperty() committed!: boolean;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: [CsvImportErrorDto], description: 'Row errors (the first 1,000)' }) errors!: CsvImportErrorDto[];
  @ApiProperty({ type: [CsvImportPreviewRowDto], description: 'The first 20 valid rows' }) preview!: CsvImportPreviewRowDto[];
  @ApiProperty({ type: [String] }) newCategories!: string[];
  @ApiProperty({ type: CsvImportMappingDto, description: 'The mapping used (detected parts filled in)' }) mapping!: CsvImportMappingDto;
}
