export * from './knn';
export * from './tfidf';
export * from './categorise';
