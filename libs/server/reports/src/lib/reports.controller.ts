import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { APP_CONFIG, AppConfig, ApiErrorDto, forbidden, invalid, Roles } from '@spendguard/server-core';
import { validatePeriod } from './period';
import { CreateReportDto, ReportDto } from './reports.dto';
import { ReportsService, ReportViewer } from './reports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const isOperator = (user: AuthUser) => (OPERATOR_ROLES as readonly string[]).includes(user.role);
const viewerOf = (user: AuthUser): ReportViewer => (isOperator(user) ? { kind: 'operator' } : { kind: 'customer', customerId: user.userId });

@ApiTags('reports')
@Roles('customer', ...OPERATOR_ROLES)
@ApiNotFoundResponse({ type: ApiErrorDto, description: "Not found, or another customer's or tenant's report" })
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Request an Excel report of one customer and period (customers: themselves, approved findings only; operators: a customer of the tenant, with pending findings unless includePending is false)",
  })
  @ApiAcceptedResponse({ type: ReportDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Bad dates, from after to, or a period longer than REPORT_MAX_MONTHS' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'A customer asked for findings pending review' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateReportDto): Promise<ReportDto> {
    const period = validatePeriod(dto.from, dto.to, this.config.reportMaxMonths);
    const scope = { tenantId: user.tenantId, userId: user.userId };
    if (!isOperator(user)) {
      if (dto.customerId && dto.customerId !== user.userId) throw invalid('customerId must be your own id (or omitted)');
      if (dto.includePending) throw forbidden('Only operators can include findings pending review');
      return this.reports.request(scope, { customerId: user.userId, audience: 'customer', includesPending: false, period });
    }
    if (!dto.customerId) throw invalid('customerId is required for operators');
    return this.reports.request(scope, { customerId: dto.customerId, audience: 'operator', includesPending: dto.includePending ?? true, period });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report with its status and, once generated, its download URL' })
  @ApiOkResponse({ type: ReportDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'The report has expired (REPORT_TTL_HOURS)' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ReportDto> {
    return this.reports.get({ tenantId: user.tenantId, userId: user.userId }, id, viewerOf(user));
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'The workbook (.xlsx)' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The Excel workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'Not generated yet, or generation failed' })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'The report has expired (REPORT_TTL_HOURS)' })
  async download(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<StreamableFile> {
    const { view, content } = await this.reports.download({ tenantId: user.tenantId, userId: user.userId }, id, viewerOf(user));
    res.header('Cache-Control', 'private, no-store');
    return new StreamableFile(content, {
      type: XLSX,
      disposition: `attachment; filename="spendguard-report-${view.from}-to-${view.to}.xlsx"`,
      length: content.length,
    });
  }
}
