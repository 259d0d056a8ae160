import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from '@spendguard/server-core';
import { ConsentModule } from '@spendguard/server-expenses';
import { CategorySuggestionController, CustomerOutlookController } from './customer/customer-outlook.controller';
import { CustomerOutlookService } from './customer/customer-outlook.service';
import { JobQueue } from './queue/job-queue.service';
import { AdminAnalysisController, AnalysisController } from './runs/analysis.controller';
import { AnalysisRunsService } from './runs/analysis-runs.service';
import { ForecastProjectionProvider } from './runs/forecast-projection.provider';
import { QueueHealthService } from './runs/queue-health.service';
import { NightlyScheduler } from './runs/scheduler.service';
import { TenantAnalysisWorker } from './tenant/tenant-analysis.worker';
import { AnalysisWorker } from './worker/analysis-worker.service';

/**
 * The analysis engine. In the API: routes, the nightly scheduler (cron only enqueues) and, when
 * RUN_WORKER is on (npm start), an in-process worker. In worker processes: the workers only.
 */
@Module({})
export class AnalysisModule {
  /** Budget status projected from the forecast (bound into ExpensesModule by the app). */
  static readonly budgetProjection = ForecastProjectionProvider;

  static forApi(config: AppConfig): DynamicModule {
    const providers: Provider[] = [JobQueue, AnalysisRunsService, QueueHealthService, NightlyScheduler, CustomerOutlookService];
    if (config.runWorker) providers.push(AnalysisWorker, TenantAnalysisWorker);
    return {
      module: AnalysisModule,
      imports: [ScheduleModule.forRoot(), ConsentModule],
      controllers: [AnalysisController, AdminAnalysisController, CustomerOutlookController, CategorySuggestionController],
      providers,
      exports: [AnalysisRunsService, JobQueue],
    };
  }

  static forWorker(): DynamicModule {
    return { module: AnalysisModule, providers: [JobQueue, AnalysisWorker, TenantAnalysisWorker], exports: [JobQueue] };
  }
}
