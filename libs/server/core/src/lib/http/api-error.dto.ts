import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiError } from '@spendguard/contracts';

export class ApiErrorDto implements ApiError {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'amount must be a positive decimal',
  })
  message!: string | string[];

  @ApiPropertyOptional({ description: 'Correlates with the server logs (also in the X-Request-Id header)' })
  requestId?: string;
}
