export * from './rng';
export * from './stats';
export * from './matrix';
export * from './transactions';
