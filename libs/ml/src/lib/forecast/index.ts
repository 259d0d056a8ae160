export * from './accuracy';
export * from './decompose';
export * from './models';
export * from './select';
export * from './budget';
export * from './batch';
