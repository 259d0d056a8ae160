export * from './stats';
export * from './detect';
export * from './simulate';
