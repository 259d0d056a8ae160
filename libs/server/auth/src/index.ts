export * from './lib/auth.module';
export * from './lib/auth-user';
export * from './lib/request-meta.decorator';
export * from './lib/users';
