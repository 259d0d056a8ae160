import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { PGBOSS_SCHEMA, QueueName, rows } from '@spendguard/server-data';

/** SQLSTATEs of a database server that is stopping or restarting (a stop of the whole product, a failover). */
const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03']);

export interface NewJob<T extends object> {
  id?: string;
  data: T;
  startAfter?: Date;
}

/**
 * The PostgreSQL job queue (pg-boss). The schema and queues are installed by the migration step; this
 * connects as the application role. Enqueueing can join the caller's transaction, so a job exists if and
 * only if the row that describes it was committed.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  readonly boss: PgBoss;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.boss = new PgBoss({
      connectionString: config.databaseUrl,
      schema: PGBOSS_SCHEMA,
      migrate: false,
      schedule: false,
      // Only processes that work jobs run maintenance (expiring jobs of dead workers, archiving).
      supervise: config.runWorker,
      maintenanceIntervalSeconds: config.queueMaintenanceSeconds,
      max: 4,
      application_name: 'spendguard-queue',
    });
    this.boss.on('error', (error) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && SERVER_GOING_AWAY.has(code)) {
        // expected while the database stops or fails over; the pool opens a new connection for the next query
        this.logger.warn(`Job queue: the database closed a connection (${error.message})`);
      } else {
        this.logger.error({ err: error }, 'Job queue error');
      }
    });
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  /** Inserts jobs inside the caller's transaction. */
  async insertInTransaction<T extends object>(em: EntityManager, name: QueueName, jobs: Array<NewJob<T>>): Promise<void> {
    if (!jobs.length) return;
    await this.boss.insert(
      jobs.map((job) => ({ name, id: job.id, data: job.data, startAfter: job.startAfter })),
      { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await rows(em, text, values) }) } },
    );
  }

  async send<T extends object>(name: QueueName, data: T): Promise<string | null> {
    return this.boss.send(name, data);
  }

  async cancelJobs(name: QueueName, ids: string[]): Promise<void> {
    if (ids.length) await this.boss.cancel(name, ids);
  }
}
