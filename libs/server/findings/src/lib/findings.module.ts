import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { FINDINGS_CONFIG, loadFindingsConfig } from './config/findings-config';
import { InsightsController } from './insights/insights.controller';
import { InsightsService } from './insights/insights.service';
import { FindingsStreamController, InsightsStreamController } from './live/live.controller';
import { LiveHub } from './live/live-hub.service';
import { LIVE_OPTIONS, loadLiveOptions } from './live/live-options';
import { QUERY_TOKEN_ROUTES, QueryTokenMiddleware } from './live/query-token.middleware';
import { DailyFlowController } from './metrics/daily-flow.controller';
import { DailyFlowService } from './metrics/daily-flow.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { OperatorsController, OperatorsService } from './operators/operators.controller';
import { FindingsController } from './review/findings.controller';
import { ReviewQueueService } from './review/review-queue.service';
import { ReviewService } from './review/review.service';
import { SuppressionsController } from './suppressions/suppressions.controller';
import { SuppressionsService } from './suppressions/suppressions.service';

/**
 * The review workflow: operators work the queue of findings (claim, approve, dismiss, snooze, assign, four-eyes
 * confirmation, annotations, bulk decisions); customers read what was approved about them.
 */
@Module({})
export class FindingsModule implements NestModule {
  /** CLAIM_TTL_MINUTES (default 30) is read and validated here, once, at start-up. */
  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: FindingsModule,
      // the fixed paths (stream, metrics) before FindingsController's /findings/:id
      controllers: [FindingsStreamController, InsightsStreamController, DailyFlowController, MetricsController, FindingsController, InsightsController, SuppressionsController, OperatorsController],
      providers: [{ provide: FINDINGS_CONFIG, useValue: loadFindingsConfig(env) }, { provide: LIVE_OPTIONS, useValue: loadLiveOptions(env) }, LiveHub, MetricsService, DailyFlowService, ReviewService, ReviewQueueService, InsightsService, SuppressionsService, OperatorsService],
      exports: [ReviewService, ReviewQueueService],
    };
  }

  /** EventSource cannot send headers: the stream routes also take `?access_token=`. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(QueryTokenMiddleware).forRoutes(...QUERY_TOKEN_ROUTES);
  }
}
