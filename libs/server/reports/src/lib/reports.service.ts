import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReportAudience, ReportStatus, ReportView } from '@spendguard/contracts';
import { JobQueue } from '@spendguard/server-analysis';
import { APP_CONFIG, AppConfig, conflict, gone, notFound } from '@spendguard/server-core';
import { isUuid, QUEUES, rows, TenantDb, TenantScope } from '@spendguard/server-data';
import type { ReportPeriod } from './period';

export interface ReportJob {
  tenantId: string;
  reportId: string;
}

/** Who may see which report: operators any of their tenant's, a customer only the customer reports about them. */
export type ReportViewer = { kind: 'operator' } | { kind: 'customer'; customerId: string };

interface ReportRow {
  id: string;
  customer_id: string;
  requested_by: string;
  audience: ReportAudience;
  includes_pending: boolean;
  period_from: string;
  period_to: string;
  status: ReportStatus;
  size_bytes: number | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date;
}

const COLUMNS = `id, customer_id, requested_by, audience, includes_pending,
  period_from::text AS period_from, period_to::text AS period_to, status, size_bytes, error, created_at, started_at, finished_at, expires_at`;

/** Expired workbooks are dropped at once; their rows (answering 410) are deleted this long after expiry. */
const KEEP_EXPIRED_ROWS = `interval '30 days'`;

function toView(r: ReportRow): ReportView {
  return {
    id: r.id,
    customerId: r.customer_id,
    status: r.status,
    audience: r.audience,
    includesPending: r.includes_pending,
    from: r.period_from,
    to: r.period_to,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    expiresAt: r.expires_at.toISOString(),
    sizeBytes: r.size_bytes,
    error: r.error,
    downloadUrl: r.status === 'succeeded' ? `/api/reports/${r.id}/download` : null,
  };
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly db: TenantDb,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records the report and its job in one transaction (a job exists if and only if its report does). */
  async request(
    scope: TenantScope,
    input: { customerId: string; audience: ReportAudience; includesPending: boolean; period: ReportPeriod },
  ): Promise<ReportView> {
    if (!isUuid(input.customerId)) throw notFound('Customer');
    return this.db.tx(scope, async (em) => {
      const [customer] = await rows<{ id: string }>(em, `SELECT id FROM users WHERE tenant_id = $1 AND id = $2 AND role = 'customer'`, [
        scope.tenantId,
        input.customerId,
      ]);
      if (!customer) throw notFound('Customer');
      await this.purgeExpired(em, scope.tenantId);
      const [row] = await rows<ReportRow>(
        em,
        `INSERT INTO reports (tenant_id, customer_id, requested_by, audience, includes_pending, period_from, period_to, status, expires_at)
         VALUES ($1, $2, $3, $4, $7, $5, $6, 'queued', now() + make_interval(hours => $8))
         RETURNING ${COLUMNS}`,
        [scope.tenantId, input.customerId, scope.userId, input.audience, input.period.from, input.period.to, input.includesPending, this.config.reportTtlHours],
      );
      await this.queue.insertInTransaction<ReportJob>(em, QUEUES.reportGeneration, [{ id: row.id, data: { tenantId: scope.tenantId, reportId: row.id } }]);
      return toView(row);
    });
  }

  async get(scope: TenantScope, id: string, viewer: ReportViewer): Promise<ReportView> {
    const row = await this.db.tx(scope, (em) => this.find(em, scope.tenantId, id, viewer));
    if (row.expires_at.getTime() <= Date.now()) throw gone(`This report expired at ${row.expires_at.toISOString()}; request a new one`);
    return toView(row);
  }

  /** The workbook, once generated and until it expires. */
  async download(scope: TenantScope, id: string, viewer: ReportViewer): Promise<{ view: ReportView; content: Buffer }> {
    return this.db.tx(scope, async (em) => {
      const row = await this.find(em, scope.tenantId, id, viewer);
      if (row.expires_at.getTime() <= Date.now()) throw gone(`This report expired at ${row.expires_at.toISOString()}; request a new one`);
      if (row.status === 'failed') throw conflict(`This report could not be generated: ${row.error ?? 'unknown error'}`, { status: row.status });
      if (row.status !== 'succeeded') throw conflict(`This report is not ready yet (status ${row.status}); try again shortly`, { status: row.status });
      const [file] = await rows<{ content: Buffer | null }>(em, `SELECT content FROM reports WHERE tenant_id = $1 AND id = $2`, [scope.tenantId, id]);
      if (!file?.content) throw gone('This report is no longer available; request a new one');
      return { view: toView(row), content: file.content };
    });
  }

  private async find(em: EntityManager, tenantId: string, id: string, viewer: ReportViewer): Promise<ReportRow> {
    if (!isUuid(id)) throw notFound('Report');
    const own = viewer.kind === 'customer';
    const [row] = await rows<ReportRow>(
      em,
      `SELECT ${COLUMNS} FROM reports WHERE tenant_id = $1 AND id = $2 ${own ? `AND customer_id = $3 AND audience = 'customer'` : ''}`,
      own ? [tenantId, id, viewer.customerId] : [tenantId, id],
    );
    if (!row) throw notFound('Report');
    return row;
  }

  private async purgeExpired(em: EntityManager, tenantId: string): Promise<void> {
    await rows(em, `UPDATE reports SET content = NULL WHERE tenant_id = $1 AND expires_at <= now() AND content IS NOT NULL RETURNING id`, [tenantId]);
    await rows(em, `DELETE FROM reports WHERE tenant_id = $1 AND expires_at <= now() - ${KEEP_EXPIRED_ROWS} RETURNING id`, [tenantId]);
  }
}
