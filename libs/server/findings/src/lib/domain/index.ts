export * from './review-machine';
export * from './decision-input';
