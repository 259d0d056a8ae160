import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { rows, runInTenant } from '@spendguard/server-data';
import { AnalysisRunsService, localDate } from './analysis-runs.service';

function localTime(timezone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** 0 = Sunday, in the tenant's time zone. */
export function localWeekday(timezone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short' }).format(at);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

/**
 * Which tenants' nightly pass is due at `now`: a tenant never analysed is due at once (a new or freshly
 * seeded tenant gets findings without waiting for its first night); otherwise when its local time has
 * reached `nightlyAt` and today's pass is not claimed yet.
 */
export function dueTenants(
  tenants: Array<{ id: string; timezone: string; nightly_at: string; last_nightly_date: string | null }>,
  now: Date,
): Array<{ id: string; runDate: string }> {
  const due: Array<{ id: string; runDate: string }> = [];
  for (const t of tenants) {
    const today = localDate(t.timezone, now);
    if (!t.last_nightly_date || (localTime(t.timezone, now) >= t.nightly_at && t.last_nightly_date < today)) {
      due.push({ id: t.id, runDate: today });
    }
  }
  return due;
}

/**
 * Once a minute: enqueue the nightly pass of every tenant whose local night has come. Cron only enqueues;
 * workers do the work. Several API replicas may run this: claiming the tenant's date is atomic.
 */
@Injectable()
export class NightlyScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(NightlyScheduler.name);
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: AnalysisRunsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Catch up at start (a pass missed while no API ran, a freshly seeded demo) without waiting a minute.
    if (this.config.runScheduler) setTimeout(() => void this.tick(), 1000).unref();
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'nightly-analysis' })
  async tick(now = new Date()): Promise<number> {
    if (!this.config.runScheduler || this.running) return 0;
    this.running = true;
    try {
      const tenants = await this.dataSource.query(
        `SELECT id, timezone, nightly_at, last_nightly_date::text AS last_nightly_date FROM app_nightly_schedule()`,
      );
      let enqueued = 0;
      const weekly = new Set(
        tenants
          .filter((t: { last_nightly_date: string | null; timezone: string }) => !t.last_nightly_date || localWeekday(t.timezone, now) === 0)
          .map((t: { id: string }) => t.id),
      );
      for (const { id, runDate } of dueTenants(tenants, now)) {
        const claimed = await runInTenant(this.dataSource, { tenantId: id }, (em) =>
          rows(
            em,
            `UPDATE tenants SET last_nightly_date = $2 WHERE id = $1 AND (last_nightly_date IS NULL OR last_nightly_date < $2) RETURNING id`,
            [id, runDate],
          ),
        );
        if (!claimed.length) continue;
        const result = await this.runs.enqueueNightly(id, runDate);
        // weekly (and on a tenant's first pass): embeddings, category merges, auto-categorisation
        if (weekly.has(id)) await this.runs.enqueueTenant(id);
        enqueued += result.enqueued;
        this.logger.log(`Nightly analysis for tenant ${id} (${runDate}): ${result.enqueued} customers enqueued`);
      }
      return enqueued;
    } catch (error) {
      this.logger.error({ err: error }, 'Nightly scheduling failed');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
