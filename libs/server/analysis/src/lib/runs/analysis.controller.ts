import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { APP_CONFIG, AppConfig, ApiErrorDto, DomainError, invalid, Roles } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import {
  AnalysisRunDto,
  AnalysisRunListDto,
  CreateAnalysisRunDto,
  ListAnalysisRunsQueryDto,
  EmptyBodyDto,
  NightlyRequestDto,
  NightlyResultDto,
  QueueHealthDto,
  TenantAnalysisResultDto,
} from './analysis.dto';
import { AnalysisRunsService } from './analysis-runs.service';
import { QueueHealthService } from './queue-health.service';

const isOperator = (user: AuthUser) => (OPERATOR_ROLES as readonly string[]).includes(user.role);

@ApiTags('analysis')
@ApiBadRequestResponse({ type: ApiErrorDto })
@Controller('analysis/runs')
export class AnalysisController {
  constructor(
    private readonly runs: AnalysisRunsService,
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('customer', ...OPERATOR_ROLES)
  @ApiOperation({ summary: 'Analyse a customer now: customers themselves (throttled), operators any customer of the tenant' })
  @ApiAcceptedResponse({ type: AnalysisRunDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiResponse({ status: 422, type: ApiErrorDto, description: 'The customer has not consented to analysis' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateAnalysisRunDto): Promise<AnalysisRunDto> {
    const scope = { tenantId: user.tenantId, userId: user.userId };
    if (!isOperator(user)) {
      if (dto.customerId && dto.customerId !== user.userId) throw invalid('customerId must be your own id (or omitted)');
      const [{ n }] = await this.db.tx(scope, (em) =>
        rows<{ n: number }>(
          em,
          `SELECT count(*)::int AS n FROM analysis_runs
            WHERE tenant_id = $1 AND requested_by = $2 AND kind = 'on_demand' AND queued_at > now() - interval '1 hour'`,
          [user.tenantId, user.userId],
        ),
      );
      if (n >= this.config.analysisRunsPerHour) {
        throw new DomainError('rate_limited', `At most ${this.config.analysisRunsPerHour} analysis runs an hour; please try later`);
      }
      return this.runs.enqueueOnDemand(scope, user.userId);
    }
    if (!dto.customerId) throw invalid('customerId is required for operators');
    return this.runs.enqueueOnDemand(scope, dto.customerId);
  }

  @Get(':id')
  @Roles('customer', ...OPERATOR_ROLES)
  @ApiOperation({ summary: 'A run with its status, progress and timings' })
  @ApiOkResponse({ type: AnalysisRunDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AnalysisRunDto> {
    return this.runs.get({ tenantId: user.tenantId, userId: user.userId }, id, isOperator(user) ? undefined : user.userId);
  }

  @Get()
  @Roles('customer', ...OPERATOR_ROLES)
  @ApiOperation({ summary: 'Recent runs (customers: their own)' })
  @ApiOkResponse({ type: AnalysisRunListDto })
  async list(@CurrentUser() user: AuthUser, @Query() query: ListAnalysisRunsQueryDto): Promise<AnalysisRunListDto> {
    const customerId = isOperator(user) ? query.customerId : user.userId;
    if (!isOperator(user) && query.customerId && query.customerId !== user.userId) return { items: [] };
    return { items: await this.runs.list({ tenantId: user.tenantId, userId: user.userId }, customerId, query.limit ?? 50) };
  }
}

@ApiTags('admin')
@Roles('admin')
@Controller('admin')
export class AdminAnalysisController {
  constructor(
    private readonly runs: AnalysisRunsService,
    private readonly health: QueueHealthService,
  ) {}

  @Post('analysis/nightly')
  @HttpCode(202)
  @ApiOperation({ summary: "Run the tenant's nightly pass now (idempotent per customer and date)" })
  @ApiAcceptedResponse({ type: NightlyResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  nightly(@CurrentUser() user: AuthUser, @Body() dto: NightlyRequestDto): Promise<NightlyResultDto> {
    return this.runs.enqueueNightly(user.tenantId, dto.date);
  }

  @Post('analysis/tenant')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the per-tenant analysis now: category merge suggestions and auto-categorisation' })
  @ApiAcceptedResponse({ type: TenantAnalysisResultDto })
  tenant(@CurrentUser() user: AuthUser, @Body() _body: EmptyBodyDto): Promise<TenantAnalysisResultDto> {
    return this.runs.enqueueTenant(user.tenantId);
  }

  @Get('queue')
  @ApiOperation({ summary: "Queue health for the tenant's jobs" })
  @ApiOkResponse({ type: QueueHealthDto })
  queue(@CurrentUser() user: AuthUser): Promise<QueueHealthDto> {
    return this.health.health({ tenantId: user.tenantId, userId: user.userId });
  }
}
