import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { isUuid } from '@spendguard/server-data';
import type { Role } from '@spendguard/contracts';

export interface AccessClaims {
  sub: string;
  tid: string;
  ten: string;
  role: Role;
  sid: string;
}

export interface ParsedRefreshToken {
  tenantId: string;
  tokenId: string;
  secret: string;
}

export const JWT_ISSUER = 'spendguard';
export const JWT_AUDIENCE = 'spendguard-api';

/**
 * Access tokens are short-lived JWTs. Refresh tokens are opaque: `<tenant>.<token id>.<secret>`,
 * of which only a hash of the secret is stored. The tenant id in the token lets the server open
 * the right tenant context before looking the token up; it grants nothing by itself.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  signAccess(claims: AccessClaims): Promise<string> {
    return this.jwt.signAsync(claims, {
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithm: 'HS256',
    });
  }

  refreshExpiry(from = new Date()): Date {
    return new Date(from.getTime() + this.config.refreshTokenTtlDays * 86_400_000);
  }

  newRefreshSecret(): { secret: string; hash: string } {
    const secret = randomBytes(32).toString('base64url');
    return { secret, hash: hashSecret(secret) };
  }

  formatRefresh(tenantId: string, tokenId: string, secret: string): string {
    return `${tenantId}.${tokenId}.${secret}`;
  }

  parseRefresh(token: string): ParsedRefreshToken | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [tenantId, tokenId, secret] = parts;
    if (!isUuid(tenantId) || !isUuid(tokenId) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
    return { tenantId, tokenId, secret };
  }

  secretMatches(secret: string, storedHash: string): boolean {
    const a = Buffer.from(hashSecret(secret), 'hex');
    const b = Buffer.from(storedHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
