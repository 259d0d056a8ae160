export * from './lib/domain';
export * from './lib/findings.module';
export * from './lib/config/findings-config';
export * from './lib/review/review.service';
export * from './lib/review/review-queue.service';
export * from './lib/live/live-hub.service';
