export * from './scaler';
export * from './lof';
export * from './ocsvm';
export * from './iforest';
export * from './autoencoder';
export * from './features';
export * from './ensemble';
export * from './baselines';
