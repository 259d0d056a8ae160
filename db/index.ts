export * from './migrate';
export { MIGRATIONS } from './migrations';
