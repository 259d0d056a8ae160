export * from './auth';
export * from './categories';
export * from './common';
export * from './tenant';
