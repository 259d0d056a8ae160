import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

@Module({})
export class HealthModule {
  /** `checks`: further readiness checks beside the database (e.g. the job queue), contributed by features. */
  static forRoot(options: { checks?: Array<Type<ReadinessCheck>> } = {}): DynamicModule {
    const checks = options.checks ?? [];
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
      controllers: [HealthController],
      providers: [
        ...checks,
        { provide: READINESS_CHECKS, useFactory: (...instances: ReadinessCheck[]) => instances, inject: checks },
      ],
    };
  }
}
