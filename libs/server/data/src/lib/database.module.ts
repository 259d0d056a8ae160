import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { baseDataSourceOptions } from './data-source-options';
import { readInTenant, resolveTenantId, runInTenant, TenantScope } from './tenant-scope';

/** Tenant-scoped units of work for services: every query runs under row-level security. */
@Injectable()
export class TenantDb {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  tx<T>(scope: TenantScope, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return runInTenant(this.dataSource, scope, work);
  }

  /** One uuid-keyed read in a single round trip (see `readInTenant`). */
  read<T>(scope: TenantScope, text: string, uuids: string[] = []): Promise<T[]> {
    return readInTenant<T>(this.dataSource, scope, text, uuids);
  }

  resolveTenant(slug: string): Promise<string | null> {
    return resolveTenantId(this.dataSource, slug);
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...baseDataSourceOptions({ url: config.databaseUrl, poolSize: config.dbPoolSize, applicationName: 'spendguard' }),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [TenantDb],
  exports: [TenantDb],
})
export class DatabaseModule {}

