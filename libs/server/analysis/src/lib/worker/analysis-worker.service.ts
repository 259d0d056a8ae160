import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobWithMetadata } from 'pg-boss';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { QUEUES } from '@spendguard/server-data';
import { JobQueue } from '../queue/job-queue.service';
import { ArtifactStore } from './artifact-store';
import { CustomerJob, recordFailure, runCustomerAnalysis } from './customer-analysis.job';
import { RealtimeJob, runRealtimeScoring } from './realtime-scoring.job';

/**
 * Consumes the analysis queue in this process (worker processes, and the API under `npm start`).
 * Concurrency is the number of handler loops; any number of processes can consume the same queue.
 */
@Injectable()
export class AnalysisWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('AnalysisWorker');
  readonly artifacts: ArtifactStore;

  constructor(
    private readonly queue: JobQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.artifacts = new ArtifactStore(config.artifactsDir);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorker) return;
    for (let i = 0; i < this.config.workerConcurrency; i++) {
      await this.queue.boss.work<CustomerJob>(
        QUEUES.customerAnalysis,
        { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
        async ([job]) => this.handleCustomer(job),
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
    this.logger.log(`Consuming ${QUEUES.customerAnalysis} with concurrency ${this.config.workerConcurrency}, and ${QUEUES.realtimeScoring}`);
  }

  async handleCustomer(job: JobWithMetadata<CustomerJob>): Promise<void> {
    const started = Date.now();
    try {
      const outcome = await runCustomerAnalysis(this.dataSource, this.artifacts, job.data);
      this.logger.log(
        `Analysis ${job.data.runId} for customer ${job.data.customerId}: ${outcome.status}, ${outcome.findingsCreated} new findings in ${Date.now() - started} ms`,
      );
    } catch (error) {
      const final = job.retryCount >= job.retryLimit;
      this.logger.error({ err: error, runId: job.data.runId, attempt: job.retryCount + 1 }, `Analysis ${job.data.runId} failed`);
      await recordFailure(this.dataSource, job.data, error, final).catch(() => undefined);
      throw error;
    }
  }
}
