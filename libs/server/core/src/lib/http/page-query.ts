import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT } from '@spendguard/contracts';

/** `limit` of a list query: 1..500, default 50 (API.md). */
export const PageLimit = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: PAGE_MAX_LIMIT, default: PAGE_DEFAULT_LIMIT }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'limit must be a whole number' }),
    Min(1),
    Max(PAGE_MAX_LIMIT),
  );

/** `cursor` of a list query: the previous page's nextCursor (with the same filters and sort). */
export const PageCursor = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'nextCursor of the previous page (with the same filters and sort)' }),
    IsOptional(),
    IsString(),
    MaxLength(400),
  );
