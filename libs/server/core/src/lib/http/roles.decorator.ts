import { SetMetadata } from '@nestjs/common';
import type { Role } from '@spendguard/contracts';

export const ROLES = 'spendguard:roles';

/** Roles allowed on a route or controller. Routes without @Roles or @Public are refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
