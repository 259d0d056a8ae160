import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { FindingMetricsDto, MetricsQueryDto } from './metrics.dto';
import { MetricsService } from './metrics.service';

/** How the review is going, for the tenant's operators. */
@ApiTags('findings')
@Roles(...OPERATOR_ROLES)
@Controller('findings')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @ApiOperation({
    summary: 'Queue by status and severity, age of open findings, overdue, decisions per reviewer, approval rate, dismissal reasons, precision per detector and type',
  })
  @ApiOkResponse({ type: FindingMetricsDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'days is not 7 or 30' })
  get(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto): Promise<FindingMetricsDto> {
    return this.metrics.metrics(user, query.days ?? 30);
  }
}
