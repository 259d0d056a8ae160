import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, AppConfigModule, LoggingModule } from '@spendguard/server-core';
import { AnalysisModule } from '@spendguard/server-analysis';
import { DatabaseModule } from '@spendguard/server-data';
import { ExpensesModule } from '@spendguard/server-expenses';
import { ReportsModule } from '@spendguard/server-reports';

/** Confirms the database connection at start and reports a clean stop; queue consumers hang off this module. */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [{ version }] = await this.dataSource.query('SELECT version() AS version');
    this.logger.log(`Worker connected to ${String(version).split(' ').slice(0, 2).join(' ')} and ready (${this.config.env})`);
  }

  onApplicationShutdown(): void {
    this.logger.log('Worker stopped');
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const analysis = AnalysisModule.forWorker();
    // reports read budget status through the same service as the API (with the forecast projection)
    const expenses = ExpensesModule.forRoot({ projection: AnalysisModule.budgetProjection });
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule,
        analysis,
        ReportsModule.forWorker({ queue: analysis, expenses }),
      ],
      providers: [WorkerLifecycle],
    };
  }
}
