import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HealthView } from '@spendguard/contracts';

export class HealthResponseDto implements HealthView {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  error?: Record<string, unknown>;
}
