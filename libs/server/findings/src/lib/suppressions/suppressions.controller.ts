import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { idOf } from '../shared/params';
import { CreateSuppressionDto, SuppressionListQueryDto, SuppressionPageDto, SuppressionRuleDto } from './suppressions.dto';
import { SuppressionsService } from './suppressions.service';

const ruleId = idOf('Suppression rule');

/** Suppression rules of the caller's tenant: new matching findings are dismissed on arrival with reason `suppressed`. */
@ApiTags('findings')
@Controller('suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionsService) {}

  @Get()
  @Roles(...OPERATOR_ROLES)
  @ApiOperation({ summary: 'Suppression rules, newest first, with whether each is still in force' })
  @ApiOkResponse({ type: SuppressionPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  list(@CurrentUser() user: AuthUser, @Query() query: SuppressionListQueryDto): Promise<SuppressionPageDto> {
    return this.suppressions.list(user, query);
  }

  @Post()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Create a rule for one customer or the whole tenant, by finding type, merchant and/or category (at least one), optionally expiring',
  })
  @ApiCreatedResponse({ type: SuppressionRuleDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'Unknown customer or category, or a category the rule cannot use' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSuppressionDto): Promise<SuppressionRuleDto> {
    return this.suppressions.create(user, dto);
  }

  @Delete(':id')
  @Roles('supervisor', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule; findings it already dismissed stay dismissed' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  remove(@CurrentUser() user: AuthUser, @Param('id', ruleId) id: string): Promise<void> {
    return this.suppressions.remove(user, id);
  }
}
