export * from './lib/entities';
export * from './lib/snake-naming.strategy';
export * from './lib/tenant-scope';
export * from './lib/data-source-options';
export * from './lib/database.module';
export * from './lib/sql';
export * from './lib/provision-tenant';
export * from './lib/queues';
