export * from './rng';
export * from './stats';
