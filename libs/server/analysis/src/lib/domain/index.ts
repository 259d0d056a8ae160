export * from './findings.types';
export * from './findings';
export * from './analyse';
export * from './format';
export * from './scoring';
export { toMlInput, merchantSlug, merchantName } from './history';
