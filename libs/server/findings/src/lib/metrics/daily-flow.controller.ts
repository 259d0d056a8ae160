import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { OPERATOR_ROLES, type DailyReviewCount, type DailyReviewFlow } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { DailyFlowService } from './daily-flow.service';
import { MetricsQueryDto } from './metrics.dto';

class DailyReviewCountDto implements DailyReviewCount {
  @ApiProperty({ example: '2026-11-22' }) day!: string;
  @ApiProperty() created!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() dismissed!: number;
}

class DailyReviewFlowDto implements DailyReviewFlow {
  @ApiProperty({ type: [DailyReviewCountDto] }) days!: DailyReviewCountDto[];
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
}

/** The review's inflow and throughput per day, for the console's dashboard. */
@ApiTags('findings')
@Roles(...OPERATOR_ROLES)
@Controller('findings')
export class DailyFlowController {
  constructor(private readonly flow: DailyFlowService) {}

  @Get('metrics/daily')
  @ApiOperation({ summary: "Findings created and decisions made per day of the tenant's calendar (the last 7 or 30 days, today included)" })
  @ApiOkResponse({ type: DailyReviewFlowDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'days is not 7 or 30' })
  get(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto): Promise<DailyReviewFlowDto> {
    return this.flow.flow(user, query.days ?? 30);
  }
}
