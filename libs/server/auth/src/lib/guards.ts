import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '@spendguard/contracts';
import { forbidden, IS_PUBLIC, ROLES, unauthenticated } from '@spendguard/server-core';
import type { AuthUser } from './auth-user';

function isPublic(reflector: Reflector, ctx: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]) === true;
}

/** Global: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    if (isPublic(this.reflector, ctx)) return true;
    return super.canActivate(ctx);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw unauthenticated('Missing, invalid or expired access token');
    return user;
  }
}

/**
 * Global: a route must name the roles allowed on it. A route that names none is refused, so a new
 * controller cannot silently become reachable by every authenticated user.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (isPublic(this.reflector, ctx)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [ctx.getHandler(), ctx.getClass()]);
    if (!roles || roles.length === 0) {
      this.logger.error(`Route ${ctx.getClass().name}.${ctx.getHandler().name} declares no roles; refusing`);
      throw forbidden();
    }
    const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw unauthenticated();
    if (!roles.includes(user.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}
