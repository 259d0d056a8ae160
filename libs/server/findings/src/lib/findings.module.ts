import { DynamicModule, Module } from '@nestjs/common';
import { FINDINGS_CONFIG, loadFindingsConfig } from './config/findings-config';
import { InsightsController } from './insights/insights.controller';
import { InsightsService } from './insights/insights.service';
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
export class FindingsModule {
  /** CLAIM_TTL_MINUTES (default 30) is read and validated here, once, at start-up. */
  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: FindingsModule,
      controllers: [FindingsController, InsightsController, SuppressionsController],
      providers: [{ provide: FINDINGS_CONFIG, useValue: loadFindingsConfig(env) }, ReviewService, ReviewQueueService, InsightsService, SuppressionsService],
      exports: [ReviewService, ReviewQueueService],
    };
  }
}
