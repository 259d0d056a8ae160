import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@spendguard/contracts';

/** The authenticated caller, taken from a verified access token (never from client headers alone). */
export interface AuthUser {
  userId: string;
  tenantId: string;
  tenantSlug: string;
  role: Role;
  /** The refresh-token family this access token was issued for. */
  sessionId: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
