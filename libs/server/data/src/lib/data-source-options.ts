import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ConnectionSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** The one place that describes how the application talks to PostgreSQL. `synchronize` is never on. */
export function baseDataSourceOptions(settings: ConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is core since PostgreSQL 13; uuid-ossp would need a superuser (STACK.md G12)
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'spendguard',
      idleTimeoutMillis: 30_000,
    },
  };
}
