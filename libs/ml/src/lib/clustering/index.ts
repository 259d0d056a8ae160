export * from './silhouette';
export * from './cluster';
