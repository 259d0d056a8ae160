import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { QUEUES } from '@spendguard/server-data';
import { JobQueue } from '../queue/job-queue.service';
import { runTenantAnalysis, TenantJob } from './tenant-analysis.job';

/** Consumes the per-tenant queue (one job at a time: embedding is the heavy part and is cached). */
@Injectable()
export class TenantAnalysisWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('TenantAnalysisWorker');

  constructor(
    private readonly queue: JobQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorker) return;
    await this.queue.boss.work<TenantJob>(QUEUES.tenantAnalysis, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
      const result = await runTenantAnalysis(this.dataSource, job.data);
      this.logger.log(
        `Tenant analysis ${job.data.tenantId}: ${result.mergeFindings} merge findings, ${result.categorised}/${result.uncategorised} expenses categorised, ` +
          `${result.embeddingsComputed} embeddings computed (${result.embeddingsCached} cached) in ${result.ms} ms`,
      );
    });
  }
}
