import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@spendguard/contracts';
import { ApiErrorDto } from './api-error.dto';

export const ROLES = 'spendguard:roles';

/**
 * Roles allowed on a route or controller. Routes without @Roles or @Public are refused. The OpenAPI
 * document follows the guard: these routes need a bearer token and may answer 401/403.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Missing, invalid or expired access token' }),
    ApiForbiddenResponse({ type: ApiErrorDto, description: `Needs one of the roles: ${roles.join(', ')}` }),
  );
