import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { idOf } from '../shared/params';
import { InsightDto, InsightListDto, ReadInsightDto } from './insights.dto';
import { InsightsService } from './insights.service';

const insightId = idOf('Insight');

/** Customers read the findings operators approved about them. */
@ApiTags('insights')
@Roles('customer')
@Controller('insights')
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  @Get()
  @ApiOperation({ summary: 'Your approved insights, newest first, with the notes reviewers left for you' })
  @ApiOkResponse({ type: InsightListDto })
  list(@CurrentUser() user: AuthUser): Promise<InsightListDto> {
    return this.insights.list(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an insight read (or unread again with {read: false})' })
  @ApiOkResponse({ type: InsightDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown, not approved, or not yours' })
  read(@CurrentUser() user: AuthUser, @Param('id', insightId) id: string, @Body() dto: ReadInsightDto): Promise<InsightDto> {
    return this.insights.markRead(user, id, dto.read !== false);
  }
}
