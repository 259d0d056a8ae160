import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { Roles } from '@spendguard/server-core';
import { TenantProfileDto } from './tenant-settings.dto';
import { TenantSettingsService } from './tenant-settings.service';

/** The caller's tenant as the front ends need it: its name, and how to format money and dates. */
@ApiTags('tenant')
@Roles(...ROLES)
@Controller('tenant')
export class TenantProfileController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's tenant: name, currency, locale and time zone (any signed-in user)" })
  @ApiOkResponse({ type: TenantProfileDto })
  async get(@CurrentUser() user: AuthUser): Promise<TenantProfileDto> {
    const { slug, name, currency, timezone, locale } = await this.settings.get({ tenantId: user.tenantId, userId: user.userId });
    return { slug, name, currency, timezone, locale };
  }
}
