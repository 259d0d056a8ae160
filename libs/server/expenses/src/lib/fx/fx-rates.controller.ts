import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, isCurrencyCode, notFound, Roles } from '@spendguard/server-core';
import { isIsoMonth } from '../domain/dates';
import { FxRateListDto, FxRateQueryDto, PutFxRatesDto } from './fx.dto';
import { FxRatesService } from './fx-rates.service';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/fx-rates')
export class FxRatesController {
  constructor(private readonly rates: FxRatesService) {}

  @Get()
  @ApiOperation({ summary: 'Monthly FX rates into the base currency (newest first)' })
  @ApiOkResponse({ type: FxRateListDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  list(@CurrentUser() user: AuthUser, @Query() query: FxRateQueryDto): Promise<FxRateListDto> {
    return this.rates.list({ tenantId: user.tenantId, userId: user.userId }, query);
  }

  @Put()
  @ApiOperation({ summary: 'Add or replace monthly rates (one per month and currency)' })
  @ApiOkResponse({ type: FxRateListDto, description: 'The rates of the months that were written' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  put(@CurrentUser() user: AuthUser, @Body() dto: PutFxRatesDto): Promise<FxRateListDto> {
    return this.rates.put({ tenantId: user.tenantId, userId: user.userId }, dto);
  }

  @Delete(':month/:currency')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the rate of one month and currency' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  remove(@CurrentUser() user: AuthUser, @Param('month') month: string, @Param('currency') currency: string): Promise<void> {
    if (!isIsoMonth(month) || !isCurrencyCode(currency)) throw notFound('FX rate');
    return this.rates.remove({ tenantId: user.tenantId, userId: user.userId }, month, currency);
  }
}
