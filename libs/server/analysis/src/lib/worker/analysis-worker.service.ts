import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobWithMetadata } from 'pg-boss';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { QUEUES } from '@spendguard/server-data';
import { JobQueue } from '../queue/job-queue.service';
import { reconcileRuns } from '../runs/queue-health.service';
import { ArtifactStore } from './artifact-store';
import { CustomerJob, recordFailure, runCustomerAnalysis } from './customer-analysis.job';
import { RealtimeJob, runRealtimeScoring } from './realtime-scoring.job';

/** What a batch handler needs of pg-boss: failing one job of the batch on its own. */
export interface JobFailer {
  fail(name: string, id: string, data?: unknown): Promise<unknown>;
}

/**
 * Runs the jobs of a fetched batch one after another. A job that throws is failed on its own (pg-boss retries it
 * or marks it failed, by its own retry count) and the others go on; pg-boss completes the batch's remaining active
 * jobs when this resolves (a failed job is no longer active, so it stays failed or queued for retry).
 */
export async function processBatch<T extends object>(
  queue: string,
  jobs: Array<JobWithMetadata<T>>,
  handle: (job: JobWithMetadata<T>) => Promise<void>,
  boss: JobFailer,
): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      await handle(job);
    } catch (error) {
      failed.push(job.id);
      const message = error instanceof Error ? error.message : String(error);
      await boss.fail(queue, job.id, { message, stack: error instanceof Error ? error.stack : undefined });
    }
  }
  return { failed };
}

/**
 * Consumes the analysis queue in this process (worker processes, and the API under `npm start`).
 * Concurrency is the number of handler loops; any number of processes can consume the same queue.
 * Each loop fetches up to ANALYSIS_BATCH_SIZE jobs at a time, and fetches again at once after a full batch (the
 * queue probably holds more): the polling interval only applies once the queue is drained.
 * Every QUEUE_MAINTENANCE_SECONDS it also fails runs whose job ended without them recording an outcome (a worker
 * killed on the last attempt, say), so that no run stays queued or running forever.
 */
@Injectable()
export class AnalysisWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnalysisWorker');
  readonly artifacts: ArtifactStore;
  private maintenance: NodeJS.Timeout | null = null;
  private reconciling: Promise<number> | null = null;

  constructor(
    private readonly queue: JobQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.artifacts = new ArtifactStore(config.artifactsDir);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorker) return;
    const batchSize = this.config.analysisBatchSize;
    for (let i = 0; i < this.config.workerConcurrency; i++) {
      let workerId: string | null = null;
      workerId = await this.queue.boss.work<CustomerJob>(
        QUEUES.customerAnalysis,
        { batchSize, pollingIntervalSeconds: 0.5, includeMetadata: true },
        async (jobs) => {
          await processBatch(QUEUES.customerAnalysis, jobs, (job) => this.handleCustomer(job), this.queue.boss);
          if (jobs.length >= batchSize && workerId) this.queue.boss.notifyWorker(workerId);
        },
      );
    }
    await this.queue.boss.work<RealtimeJob>(
      QUEUES.realtimeScoring,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        const result = await runRealtimeScoring(this.dataSource, this.artifacts, job.data);
        if (result.created) this.logger.log(`Real-time scoring raised ${result.created} findings for customer ${job.data.customerId}`);
      },
    );
    this.logger.log(
      `Consuming ${QUEUES.customerAnalysis} with concurrency ${this.config.workerConcurrency} (batches of ${batchSize}), and ${QUEUES.realtimeScoring}`,
    );
    this.maintenance = setInterval(() => void this.reconcile(), this.config.queueMaintenanceSeconds * 1000);
    this.maintenance.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.maintenance) clearInterval(this.maintenance);
    this.maintenance = null;
    await this.reconciling;
  }

  /** Fails the runs whose job ended without recording an outcome (one pass at a time); returns how many. */
  async reconcile(): Promise<number> {
    if (this.reconciling) return 0;
    this.reconciling = reconcileRuns(this.dataSource)
      .then((failed) => {
        if (failed) this.logger.warn(`${failed} analysis runs whose job ended without an outcome were marked failed`);
        return failed;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'Reconciling analysis runs failed');
        return 0;
      })
      .finally(() => {
        this.reconciling = null;
      });
    return this.reconciling;
  }

  async handleCustomer(job: JobWithMetadata<CustomerJob>): Promise<void> {
    const started = Date.now();
    try {
      const outcome = await runCustomerAnalysis(this.dataSource, this.artifacts, job.data, { retrainDays: this.config.analysisRetrainDays });
      this.logger.log(
        `Analysis ${job.data.runId} for customer ${job.data.customerId}: ${outcome.status}, ${outcome.findingsCreated} new findings in ${Date.now() - started} ms`,
      );
    } catch (error) {
      const final = job.retryCount >= job.retryLimit;
      this.logger.error({ err: error, runId: job.data.runId, attempt: job.retryCount + 1 }, `Analysis ${job.data.runId} failed`);
      await recordFailure(this.dataSource, job.data, error, final).catch((recordError: unknown) =>
        this.logger.error({ err: recordError, runId: job.data.runId }, 'Could not record the failed attempt'),
      );
      throw error;
    }
  }
}
