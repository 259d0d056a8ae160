// Public surface of libs/ml: pure TypeScript, no framework imports.
export * from './lib/common';
export * from './lib/synthetic';
export * from './lib/metrics';
export * from './lib/anomaly';
export * from './lib/forecast';
export * from './lib/drift';
export * from './lib/embeddings';
export * from './lib/clustering';
export * from './lib/categorize';
export * from './lib/recurring';
export * from './lib/signals';
