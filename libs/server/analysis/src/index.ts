export * from './lib/domain';
export * from './lib/analysis.module';
export * from './lib/queue/job-queue.service';
export * from './lib/runs/analysis-runs.service';
export * from './lib/runs/scheduler.service';
export * from './lib/worker/artifact-store';
export * from './lib/worker/customer-analysis.job';
export * from './lib/worker/findings-writer';
