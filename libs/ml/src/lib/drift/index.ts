export * from './stats';
export * from './detect';
export * from './simulate';
export * from './category-tests';
