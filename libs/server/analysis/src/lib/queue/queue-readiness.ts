import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@spendguard/server-core';
import { PGBOSS_SCHEMA } from '@spendguard/server-data';

/** Ready when the job queue's schema is installed and readable by the application role. */
@Injectable()
export class QueueReadiness implements ReadinessCheck {
  readonly name = 'queue';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check() {
    const status = this.indicator.check(this.name);
    try {
      const [row] = await this.dataSource.query(`SELECT version FROM ${PGBOSS_SCHEMA}.version LIMIT 1`);
      return row ? status.up({ schemaVersion: row.version }) : status.down({ message: 'job queue not installed' });
    } catch {
      return status.down({ message: 'job queue unreachable' });
    }
  }
}
