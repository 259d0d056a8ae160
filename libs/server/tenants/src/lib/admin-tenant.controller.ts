import { Body, Controller, Get, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { TenantSettingsDto, UpdateTenantSettingsDto } from './tenant-settings.dto';
import { TenantSettingsService } from './tenant-settings.service';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/tenant')
export class AdminTenantController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's settings" })
  @ApiOkResponse({ type: TenantSettingsDto })
  get(@CurrentUser() user: AuthUser): Promise<TenantSettingsDto> {
    return this.settings.get({ tenantId: user.tenantId, userId: user.userId });
  }

  @Patch()
  @ApiOperation({ summary: 'Change tenant settings (schedule, time zone, currency, thresholds, four-eyes, SLA)' })
  @ApiOkResponse({ type: TenantSettingsDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateTenantSettingsDto): Promise<TenantSettingsDto> {
    return this.settings.update({ tenantId: user.tenantId, userId: user.userId }, dto);
  }
}
