export * from './provider';
export * from './cache';
export * from './transformers';
export * from './use-lite';
