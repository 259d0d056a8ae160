import { DynamicModule, Module, Provider } from '@nestjs/common';
import { AppConfig } from '@spendguard/server-core';
import { ReportDataService } from './report-data.service';
import { ReportWorker } from './report.worker';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

export interface ReportsModuleDeps {
  /** The module exporting JobQueue (the app's AnalysisModule instance, so one pg-boss per process). */
  queue: DynamicModule;
  /** The module exporting BudgetsService (the app's ExpensesModule instance: budget status as the API computes it). */
  expenses: DynamicModule;
}

/**
 * Excel reports. In the API: the routes and, when RUN_WORKER is on (npm start), an in-process worker. In worker
 * processes: the worker only.
 */
@Module({})
export class ReportsModule {
  static forApi(config: AppConfig, deps: ReportsModuleDeps): DynamicModule {
    const providers: Provider[] = [ReportsService, ReportDataService];
    if (config.runWorker) providers.push(ReportWorker);
    return { module: ReportsModule, imports: [deps.queue, deps.expenses], controllers: [ReportsController], providers };
  }

  static forWorker(deps: ReportsModuleDeps): DynamicModule {
    return { module: ReportsModule, imports: [deps.queue, deps.expenses], providers: [ReportDataService, ReportWorker] };
  }
}
