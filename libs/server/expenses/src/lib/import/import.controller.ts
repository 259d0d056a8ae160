import { Controller, HttpCode, Post, Req, ValidationPipe } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, invalid, Roles } from '@spendguard/server-core';
import { ownerOf } from '../expenses/expenses.controller';
import { CsvImportResultDto, ImportCsvFieldsDto } from './import.dto';
import { CsvImportService } from './import.service';
import { readCsvUpload } from './upload';

/** The upload's text fields get the same checks (and messages) as any JSON body. */
const FIELDS_PIPE = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, transformOptions: { enableImplicitConversion: false } });

@ApiTags('imports')
@Roles('customer')
@Controller('imports')
export class ImportController {
  constructor(private readonly imports: CsvImportService) {}

  @Post('csv')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import a bank CSV: delimiter, date format and decimal separator are detected, columns mapped by header (or `mapping`). A dry run by default.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The CSV file (at most 10 MB)' },
        mapping: { type: 'string', description: 'JSON column mapping (optional)' },
        dryRun: { type: 'string', enum: ['true', 'false'], default: 'true' },
        skipInvalid: { type: 'string', enum: ['true', 'false'], default: 'false' },
      },
    },
  })
  @ApiOkResponse({ type: CsvImportResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'No file, not CSV, bad mapping' })
  @ApiPayloadTooLargeResponse({ type: ApiErrorDto, description: 'More than 10 MB' })
  @ApiUnprocessableEntityResponse({
    type: ApiErrorDto,
    description: 'Columns not recognised, or (on commit without skipInvalid) invalid rows: the body then carries the whole report',
  })
  async importCsv(@CurrentUser() user: AuthUser, @Req() req: FastifyRequest): Promise<CsvImportResultDto> {
    const upload = await readCsvUpload(req);
    const fields = (await FIELDS_PIPE.transform(upload.fields, { type: 'body', metatype: ImportCsvFieldsDto })) as ImportCsvFieldsDto;
    if (!upload.file) throw invalid('Send the CSV file as the multipart field "file"');
    return this.imports.importCsv(ownerOf(user), upload.file, {
      mapping: fields.mapping,
      dryRun: fields.dryRun !== 'false',
      skipInvalid: fields.skipInvalid === 'true',
    });
  }
}
