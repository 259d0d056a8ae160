import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, ClientMeta, CurrentUser, RequestMeta } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { ConsentDto, PutConsentDto } from './consent.dto';
import { ConsentService } from './consent.service';

@ApiTags('consent')
@Roles('customer')
@Controller('consent')
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  @ApiOperation({ summary: 'Your analysis consent and its history' })
  @ApiOkResponse({ type: ConsentDto })
  get(@CurrentUser() user: AuthUser): Promise<ConsentDto> {
    return this.consent.get({ tenantId: user.tenantId, userId: user.userId }, user.userId);
  }

  @Put()
  @ApiOperation({ summary: 'Grant or revoke consent to the nightly analysis (a change is logged with time, IP and user agent)' })
  @ApiOkResponse({ type: ConsentDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  put(@CurrentUser() user: AuthUser, @Body() dto: PutConsentDto, @ClientMeta() meta: RequestMeta): Promise<ConsentDto> {
    return this.consent.set({ tenantId: user.tenantId, userId: user.userId }, user.userId, dto.analysis, meta);
  }
}
