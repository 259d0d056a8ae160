import { DynamicModule, Module } from '@nestjs/common';
import { AnalysisModule, QueueReadiness } from '@spendguard/server-analysis';
import { AuthModule } from '@spendguard/server-auth';
import { AppConfig, AppConfigModule, HealthModule, LoggingModule } from '@spendguard/server-core';
import { DatabaseModule } from '@spendguard/server-data';
import { ExpensesModule } from '@spendguard/server-expenses';
import { FindingsModule } from '@spendguard/server-findings';
import { ReportsModule } from '@spendguard/server-reports';
import { TenantsModule } from '@spendguard/server-tenants';

/** The HTTP API: one module per feature, all behind the global authentication and role guards. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const expenses = ExpensesModule.forRoot({ projection: AnalysisModule.budgetProjection });
    const analysis = AnalysisModule.forApi(config);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule,
        HealthModule.forRoot({ checks: [QueueReadiness] }),
        AuthModule,
        TenantsModule,
        expenses,
        analysis,
        FindingsModule.forRoot(),
        ReportsModule.forApi(config, { queue: analysis, expenses }),
      ],
    };
  }
}
