import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { rows, runInTenant } from '@spendguard/server-data';
import { AnalysisRunsService, localDate } from './analysis-runs.service';

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** `HH:MM` (00:00 to 23:59) in the time zone; formatters are cached, as every tick asks for every tenant. */
function localTime(timezone: string, at: Date): string {
  let format = timeFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timezone, format);
  }
  return format.format(at);
}

/** 0 = Sunday, in the tenant's time zone. */
export function localWeekday(timezone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short' }).format(at);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

/** `YYYY-MM-DD` plus `days` calendar days (date arithmetic only, so no time zone or DST can shift it). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface ScheduledTenant {
  id: string;
  timezone: string;
  /** `HH:MM`, tenant-local. */
  nightly_at: string;
  last_nightly_date: string | null;
}

export interface DuePass {
  id: string;
  /** The tenant-local date of the night being analysed. */
  runDate: string;
  /** Whether the weekly tenant analysis (embeddings, category merges, auto-categorisation) goes with it. */
  weekly: boolean;
}

/**
 * Which tenants' nightly pass is due at `now`: a tenant never analysed is due at once (a new or freshly
 * seeded tenant gets findings without waiting for its first night); otherwise the latest scheduled night is
 * due until it is claimed. The latest night is today once the tenant's local time has reached `nightlyAt`,
 * else yesterday: a pass missed because no tick ran at that minute (a busy or restarting process, a
 * `nightlyAt` of 23:59) is caught up after local midnight instead of being lost.
 *
 * Comparing the local wall-clock time with `nightlyAt` makes DST safe: on a spring-forward night whose
 * `nightlyAt` does not exist (02:00 in Berlin on 2026-03-29) the first tick after the jump is past it and runs
 * the pass; on a fall-back night the repeated hour finds the date already claimed.
 */
export function dueTenants(tenants: ScheduledTenant[], now: Date): DuePass[] {
  const due: DuePass[] = [];
  for (const t of tenants) {
    const today = localDate(t.timezone, now);
    const runDate = !t.last_nightly_date || localTime(t.timezone, now) >= t.nightly_at ? today : addDays(today, -1);
    if (!t.last_nightly_date || t.last_nightly_date < runDate) {
      due.push({ id: t.id, runDate, weekly: weeklyPassDue(t.last_nightly_date, runDate) });
    }
  }
  return due;
}

/**
 * The weekly tenant analysis goes with the nightly pass of the tenant's Sunday, and with its very first pass;
 * when the Sunday's pass was missed (no API ran), with the next pass after it.
 */
export function weeklyPassDue(lastNightlyDate: string | null, runDate: string): boolean {
  if (!lastNightlyDate) return true;
  for (let d = addDays(lastNightlyDate, 1), n = 0; d <= runDate && n < 7; d = addDays(d, 1), n++) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 0) return true;
  }
  return false;
}

/**
 * Once a minute: enqueue the nightly pass of every tenant whose local night has come. Cron only enqueues;
 * workers do the work. Several API replicas may run this: claiming the tenant's date is atomic, and the claim
 * commits only once the night's runs and jobs are committed, so a failure or a crash in between leaves the night
 * unclaimed for the next tick instead of lost.
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

  /** Enqueues every due tenant's pass; answers the number of customers enqueued. */
  @Cron(CronExpression.EVERY_MINUTE, { name: 'nightly-analysis' })
  async tick(now = new Date()): Promise<number> {
    if (!this.config.runScheduler || this.running) return 0;
    this.running = true;
    try {
      let tenants: ScheduledTenant[];
      try {
        tenants = await this.dataSource.query(
          `SELECT id, timezone, nightly_at, last_nightly_date::text AS last_nightly_date FROM app_nightly_schedule()`,
        );
      } catch (error) {
        this.logger.error({ err: error }, 'Nightly scheduling failed: the tenants could not be read');
        return 0;
      }
      let enqueued = 0;
      for (const pass of dueTenants(tenants, now)) {
        // one tenant's failure neither stops the others nor loses its night: it is tried again next minute
        try {
          const result = await this.claimAndEnqueue(pass);
          if (!result) continue;
          enqueued += result.enqueued;
          this.logger.log(`Nightly analysis for tenant ${pass.id} (${pass.runDate}): ${result.enqueued} customers enqueued`);
        } catch (error) {
          this.logger.error({ err: error }, `Nightly analysis for tenant ${pass.id} (${pass.runDate}) could not be enqueued; retrying at the next tick`);
        }
      }
      return enqueued;
    } finally {
      this.running = false;
    }
  }

  /**
   * Claims the tenant's night and enqueues it, or answers null when another scheduler has claimed it. The claim
   * (the tenant row updated, so locked) stays uncommitted while the runs and jobs are enqueued in their own
   * transaction: another replica's claim waits on the lock and then finds the night taken; a failure, or a process
   * dying, rolls the claim back and the next tick enqueues again. Enqueueing is idempotent per tenant, customer
   * and run date, so that retry never enqueues anyone twice, even after a crash between the two commits.
   */
  private async claimAndEnqueue(pass: DuePass): Promise<{ enqueued: number } | null> {
    return runInTenant(this.dataSource, { tenantId: pass.id }, async (em) => {
      const claimed = await rows(
        em,
        `UPDATE tenants SET last_nightly_date = $2 WHERE id = $1 AND (last_nightly_date IS NULL OR last_nightly_date < $2) RETURNING id`,
        [pass.id, pass.runDate],
      );
      if (!claimed.length) return null;
      const result = await this.runs.enqueueNightly(pass.id, pass.runDate);
      if (pass.weekly) await this.runs.enqueueTenant(pass.id);
      return result;
    });
  }
}
