import { Module } from '@nestjs/common';
import { AdminTenantController } from './admin-tenant.controller';
import { TenantSettingsService } from './tenant-settings.service';

@Module({
  controllers: [AdminTenantController],
  providers: [TenantSettingsService],
  exports: [TenantSettingsService],
})
export class TenantsModule {}
