import { Injectable, Logger, OnApplicationBootstrap, Inject } from '@nestjs/common';
import type { JobWithMetadata } from 'pg-boss';
import { buildReportWorkbook } from '@spendguard/reports';
import { JobQueue } from '@spendguard/server-analysis';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { QUEUES, rows, TenantDb } from '@spendguard/server-data';
import { ReportDataService } from './report-data.service';
import type { ReportJob } from './reports.service';

interface ClaimedReport {
  customer_id: string;
  requested_by: string;
  audience: 'customer' | 'operator';
  includes_pending: boolean;
  period_from: string;
  period_to: string;
}

/**
 * Generates reports from the queue (worker processes, and the API under npm start). A job claims its report row
 * (queued or a retried running one), builds the workbook in memory and stores it in the row; nothing is written
 * to disk. A failure is recorded on the last attempt; earlier ones leave the report queued for pg-boss' retry.
 */
@Injectable()
export class ReportWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReportWorker');

  constructor(
    private readonly queue: JobQueue,
    private readonly db: TenantDb,
    private readonly data: ReportDataService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorker) return;
    await this.queue.boss.work<ReportJob>(
      QUEUES.reportGeneration,
      { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
      async ([job]) => this.handle(job),
    );
    this.logger.log(`Consuming ${QUEUES.reportGeneration}`);
  }

  async handle(job: JobWithMetadata<ReportJob>): Promise<void> {
    const { tenantId, reportId } = job.data;
    const started = Date.now();
    const claimed = await this.db.tx({ tenantId }, async (em) => {
      const [row] = await rows<ClaimedReport>(
        em,
        `UPDATE reports SET status = 'running', started_at = now(), error = NULL
          WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running') AND expires_at > now()
          RETURNING customer_id, requested_by, audience, includes_pending, period_from::text AS period_from, period_to::text AS period_to`,
        [tenantId, reportId],
      );
      return row ?? null;
    });
    if (!claimed) return; // done, failed for good, or expired meanwhile
    try {
      const data = await this.data.assemble({
        tenantId,
        customerId: claimed.customer_id,
        requestedBy: claimed.requested_by,
        audience: claimed.audience,
        includesPending: claimed.includes_pending,
        from: claimed.period_from,
        to: claimed.period_to,
      });
      const content = await buildReportWorkbook(data);
      const summary = {
        transactions: data.expenses.length,
        findings: data.findings.length,
        budgetLines: data.budgets.length,
        ms: Date.now() - started,
      };
      await this.db.tx({ tenantId }, (em) =>
        rows(
          em,
          `UPDATE reports SET status = 'succeeded', content = $3, size_bytes = $4, summary = $5::jsonb, finished_at = now()
            WHERE tenant_id = $1 AND id = $2 RETURNING id`,
          [tenantId, reportId, content, content.length, JSON.stringify(summary)],
        ),
      );
      this.logger.log(`Report ${reportId}: ${summary.transactions} transactions, ${content.length} bytes in ${summary.ms} ms`);
    } catch (error) {
      const final = job.retryCount >= job.retryLimit;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, reportId, attempt: job.retryCount + 1 }, `Report ${reportId} failed`);
      await this.db.tx({ tenantId }, (em) =>
        rows(
          em,
          `UPDATE reports SET status = $3::varchar, error = $4, finished_at = CASE WHEN $3::varchar = 'failed' THEN now() END
            WHERE tenant_id = $1 AND id = $2 RETURNING id`,
          [tenantId, reportId, final ? 'failed' : 'queued', message.slice(0, 2000)],
        ),
      );
      throw error;
    }
  }
}
