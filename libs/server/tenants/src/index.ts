export * from './lib/tenants.module';
export * from './lib/tenant-settings.service';
