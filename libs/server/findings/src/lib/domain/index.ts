export * from './review-machine';
