import { Module } from '@nestjs/common';
import { AdminTenantController } from './admin-tenant.controller';
import { TenantProfileController } from './tenant-profile.controller';
import { TenantSettingsService } from './tenant-settings.service';

@Module({
  controllers: [AdminTenantController, TenantProfileController],
  providers: [TenantSettingsService],
  exports: [TenantSettingsService],
})
export class TenantsModule {}
