import type { HealthIndicatorResult } from '@nestjs/terminus';

/** A dependency the API needs to serve traffic; `/api/health/ready` runs every registered one. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
