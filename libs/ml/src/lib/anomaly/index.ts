export * from './scaler';
export * from './lof';
export * from './ocsvm';
