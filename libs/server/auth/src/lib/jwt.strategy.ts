import { createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ROLES as ALL_ROLES } from '@spendguard/contracts';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { isUuid } from '@spendguard/server-data';
import type { AuthUser } from './auth-user';
import { AccessClaims, JWT_AUDIENCE, JWT_ISSUER } from './token.service';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** How many verified tokens are remembered (about 1 KB each); the oldest go first. */
export const VERIFIED_TOKENS_KEPT = 10_000;

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  /**
   * Tokens whose signature and claims checked out, with their user, until they expire. A token's verification
   * depends only on the token, the key and the clock, so a token seen again (every request of a signed-in page)
   * needs only its expiry checked; a changed token is a different key and is verified in full.
   */
  private readonly verified = new Map<string, { user: AuthUser; expiresAt: number }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: bearerToken,
      passReqToCallback: true,
      // A prepared KeyObject: given a string, jsonwebtoken first tries (and fails) to parse a public
      // key on every verification, which was the most expensive step of an authenticated request.
      secretOrKey: jwtKey(config.jwtSecret) as unknown as string,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  override authenticate(req: Parameters<Strategy['authenticate']>[0], options?: object): void {
    const token = bearerToken(req);
    const known = token ? this.verified.get(token) : undefined;
    if (known && known.expiresAt > Date.now()) return this.success(known.user);
    if (known && token) this.verified.delete(token);
    super.authenticate(req, options);
  }

  /** Only well-formed claims become a user; anything else is a 401. */
  validate(req: Parameters<Strategy['authenticate']>[0], claims: AccessClaims & { exp?: number }): AuthUser | false {
    const user = userOf(claims);
    const token = bearerToken(req);
    if (user && token && typeof claims.exp === 'number') {
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { user, expiresAt: claims.exp * 1000 });
    }
    return user;
  }
}

function userOf(claims: AccessClaims): AuthUser | false {
  if (!isUuid(claims.sub) || !isUuid(claims.tid) || !isUuid(claims.sid)) return false;
  if (!(ALL_ROLES as readonly string[]).includes(claims.role) || typeof claims.ten !== 'string') return false;
  return { userId: claims.sub, tenantId: claims.tid, tenantSlug: claims.ten, role: claims.role, sessionId: claims.sid };
}

const keys = new Map<string, KeyObject>();

/** The HS256 key object for a secret, built once. */
export function jwtKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}
