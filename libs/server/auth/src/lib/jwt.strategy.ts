import { createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ROLES as ALL_ROLES } from '@spendguard/contracts';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { isUuid } from '@spendguard/server-data';
import type { AuthUser } from './auth-user';
import { AccessClaims, JWT_AUDIENCE, JWT_ISSUER } from './token.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A prepared KeyObject: given a string, jsonwebtoken first tries (and fails) to parse a public
      // key on every verification, which was the most expensive step of an authenticated request.
      secretOrKey: jwtKey(config.jwtSecret) as unknown as string,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** Only well-formed claims become a user; anything else is a 401. */
  validate(claims: AccessClaims): AuthUser | false {
    if (!isUuid(claims.sub) || !isUuid(claims.tid) || !isUuid(claims.sid)) return false;
    if (!(ALL_ROLES as readonly string[]).includes(claims.role) || typeof claims.ten !== 'string') return false;
    return { userId: claims.sub, tenantId: claims.tid, tenantSlug: claims.ten, role: claims.role, sessionId: claims.sid };
  }
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
