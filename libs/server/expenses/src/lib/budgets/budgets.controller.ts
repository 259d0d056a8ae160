import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { ownerOf } from '../expenses/expenses.controller';
import { idOf } from '../shared/params';
import { BudgetDto, BudgetListDto, BudgetMonthQueryDto, BudgetStatusDto, PutBudgetDto } from './budgets.dto';
import { BudgetsService } from './budgets.service';

@ApiTags('budgets')
@Roles('customer')
@Controller('budgets')
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Put()
  @ApiOperation({ summary: 'Set the recurring monthly budget of a category (no month) or the override for one month' })
  @ApiOkResponse({ type: BudgetDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'Unknown category' })
  put(@CurrentUser() user: AuthUser, @Body() dto: PutBudgetDto): Promise<BudgetDto> {
    return this.budgets.put(ownerOf(user), dto);
  }

  @Get()
  @ApiOperation({ summary: 'Recurring budgets plus the overrides of the month (all overrides without a month)' })
  @ApiOkResponse({ type: BudgetListDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async list(@CurrentUser() user: AuthUser, @Query() query: BudgetMonthQueryDto): Promise<BudgetListDto> {
    return { items: await this.budgets.list(ownerOf(user), query.month) };
  }

  @Get('status')
  @ApiOperation({ summary: 'Budget, spending, remaining, percent used and month-end projection per budgeted category' })
  @ApiOkResponse({ type: BudgetStatusDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  status(@CurrentUser() user: AuthUser, @Query() query: BudgetMonthQueryDto): Promise<BudgetStatusDto> {
    return this.budgets.status(ownerOf(user), query.month);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a budget or a monthly override' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  remove(@CurrentUser() user: AuthUser, @Param('id', idOf('Budget')) id: string): Promise<void> {
    return this.budgets.remove(ownerOf(user), id);
  }
}
