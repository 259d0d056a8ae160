import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { ExpenseListQueryDto, ExpensePageDto } from '../expenses/expenses.dto';
import { idOf } from '../shared/params';
import { OperatorCustomerDetailDto, OperatorCustomerPageDto, OperatorCustomerQueryDto } from './operator.dto';
import { OperatorCustomersService } from './operator-customers.service';

const customerId = idOf('Customer');

/** Operators (reviewer, supervisor, admin) look at their tenant's customers; nothing here changes data. */
@ApiTags('operator')
@Roles(...OPERATOR_ROLES)
@Controller('operator/customers')
export class OperatorCustomersController {
  constructor(private readonly customers: OperatorCustomersService) {}

  @Get()
  @ApiOperation({ summary: 'Customers of the tenant, searchable by name or email, filterable by consent' })
  @ApiOkResponse({ type: OperatorCustomerPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  list(@CurrentUser() user: AuthUser, @Query() query: OperatorCustomerQueryDto): Promise<OperatorCustomerPageDto> {
    return this.customers.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One customer with consent state and history' })
  @ApiOkResponse({ type: OperatorCustomerDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@CurrentUser() user: AuthUser, @Param('id', customerId) id: string): Promise<OperatorCustomerDetailDto> {
    return this.customers.get(user, id);
  }

  @Get(':id/expenses')
  @ApiOperation({ summary: "The customer's expenses (read-only), with the same filters as GET /expenses" })
  @ApiOkResponse({ type: ExpensePageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  expenses(
    @CurrentUser() user: AuthUser,
    @Param('id', customerId) id: string,
    @Query() query: ExpenseListQueryDto,
  ): Promise<ExpensePageDto> {
    return this.customers.expenses(user, id, query);
  }
}
