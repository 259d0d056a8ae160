import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { BudgetMonthQueryDto, BudgetStatusDto } from '../budgets/budgets.dto';
import { BudgetsService } from '../budgets/budgets.service';
import { idOf } from '../shared/params';
import { OperatorCustomersService } from './operator-customers.service';

const customerId = idOf('Customer');

/**
 * A customer's budgets against their spending, read by operators (the console's customer page), computed exactly as
 * the customer's own `GET /budgets/status`. Read-only; another tenant's or a non-customer's id answers 404.
 */
@ApiTags('operator')
@Roles(...OPERATOR_ROLES)
@Controller('operator/customers')
export class OperatorCustomerBudgetsController {
  constructor(
    private readonly customers: OperatorCustomersService,
    private readonly budgets: BudgetsService,
  ) {}

  @Get(':id/budgets/status')
  @ApiOperation({ summary: "The customer's budgets for a month against spending and the month's projection (as GET /budgets/status)" })
  @ApiOkResponse({ type: BudgetStatusDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async status(@CurrentUser() user: AuthUser, @Param('id', customerId) id: string, @Query() query: BudgetMonthQueryDto): Promise<BudgetStatusDto> {
    await this.customers.get(user, id);
    return this.budgets.status({ tenantId: user.tenantId, customerId: id, actorId: user.userId }, query.month);
  }
}
