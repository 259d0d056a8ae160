import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoginResponse, Role, SessionView, UserView } from '@spendguard/contracts';
import {
  APP_CONFIG,
  AppConfig,
  burnPasswordCheck,
  hashPassword,
  invalid,
  locked,
  notFound,
  passwordProblem,
  unauthenticated,
  verifyPassword,
} from '@spendguard/server-core';
import { affected, isUuid, rows, TenantDb } from '@spendguard/server-data';
import type { AuthUser, RequestMeta } from './auth-user';
import { TokenService } from './token.service';
import { createUser } from './users';

const BAD_CREDENTIALS = 'Invalid email or password';

interface LoginRow {
  id: string;
  role: Role;
  display_name: string;
  email: string;
  password_hash: string;
  locked_until: Date | null;
  slug: string;
}

type RefreshOutcome =
  | { ok: true; response: LoginResponse }
  | { ok: false; reason: 'invalid' | 'reused' | 'expired' };

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: { tenant: string; email: string; password: string; displayName: string }): Promise<UserView> {
    const problem = passwordProblem(input.password);
    if (problem) throw invalid(problem);
    const tenantId = await this.db.resolveTenant(input.tenant);
    if (!tenantId) throw notFound('Tenant');
    const passwordHash = await hashPassword(input.password, this.config.bcryptCost);
    return this.db.tx({ tenantId }, async (em) => {
      const user = await createUser(em, tenantId, {
        email: input.email,
        passwordHash,
        role: 'customer',
        displayName: input.displayName,
      });
      await rows(em, `INSERT INTO consents (tenant_id, user_id, analysis_granted) VALUES ($1, $2, false)`, [tenantId, user.id]);
      return { ...user, tenantSlug: input.tenant };
    });
  }

  async login(input: { tenant: string; email: string; password: string }, meta: RequestMeta): Promise<LoginResponse> {
    const tenantId = await this.db.resolveTenant(input.tenant);
    const row = tenantId
      ? await this.db.tx({ tenantId }, async (em) => {
          const [found] = await rows<LoginRow>(
            em,
            `SELECT u.id, u.role, u.display_name, u.email, u.password_hash, u.locked_until, t.slug
               FROM users u JOIN tenants t ON t.id = u.tenant_id
              WHERE u.tenant_id = $1 AND u.email = $2`,
            [tenantId, input.email],
          );
          return found ?? null;
        })
      : null;
    if (!tenantId || !row) {
      await burnPasswordCheck(input.password, this.config.bcryptCost);
      throw unauthenticated(BAD_CREDENTIALS);
    }
    if (row.locked_until && row.locked_until.getTime() > Date.now()) throw this.lockedError(row.locked_until);

    const ok = await verifyPassword(input.password, row.password_hash);
    if (!ok) {
      const lockedUntil = await this.recordFailure(tenantId, row.id);
      if (lockedUntil) throw this.lockedError(lockedUntil);
      throw unauthenticated(BAD_CREDENTIALS);
    }

    return this.db.tx({ tenantId, userId: row.id }, async (em) => {
      await rows(
        em,
        `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE tenant_id = $1 AND id = $2`,
        [tenantId, row.id],
      );
      const familyId = crypto.randomUUID();
      const refreshToken = await this.issueRefresh(em, tenantId, row.id, familyId, meta);
      const user: UserView = {
        id: row.id,
        email: row.email,
        role: row.role,
        tenantId,
        tenantSlug: row.slug,
        displayName: row.display_name,
      };
      return this.tokenResponse(user, familyId, refreshToken);
    });
  }

  /** Counts a failed attempt; locks the account once the threshold is reached. Returns the lock end, if locked. */
  private async recordFailure(tenantId: string, userId: string): Promise<Date | null> {
    return this.db.tx({ tenantId }, async (em) => {
      // A lock that has run out starts a fresh count.
      const updated = await rows<{ locked_until: Date | null }>(
        em,
        `UPDATE users
            SET failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
                locked_until = CASE
                  WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $3
                  THEN now() + make_interval(mins => $4)
                  ELSE NULL END
          WHERE tenant_id = $1 AND id = $2
          RETURNING locked_until`,
        [tenantId, userId, this.config.lockoutThreshold, this.config.lockoutMinutes],
      );
      const until = updated[0]?.locked_until ?? null;
      if (until) this.logger.warn({ tenantId, userId }, 'Account locked after repeated failed sign-ins');
      return until;
    });
  }

  private lockedError(until: Date) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    return locked(`Account locked after repeated failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, {
      retryAfterSeconds: Math.ceil((until.getTime() - Date.now()) / 1000),
    });
  }

  async refresh(token: string, meta: RequestMeta): Promise<LoginResponse> {
    const parsed = this.tokens.parseRefresh(token);
    if (!parsed) throw unauthenticated('Invalid refresh token');
    const outcome = await this.db.tx({ tenantId: parsed.tenantId }, async (em): Promise<RefreshOutcome> => {
      const [row] = await rows<{
        user_id: string;
        family_id: string;
        token_hash: string;
        expires_at: Date;
        revoked_at: Date | null;
      }>(
        em,
        `SELECT user_id, family_id, token_hash, expires_at, revoked_at
           FROM refresh_tokens WHERE tenant_id = $1 AND id = $2`,
        [parsed.tenantId, parsed.tokenId],
      );
      if (!row || !this.tokens.secretMatches(parsed.secret, row.token_hash)) return { ok: false, reason: 'invalid' };
      if (row.revoked_at) return { ok: false, reason: 'invalid' };
      if (row.expires_at.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
      // Atomic spend: of two concurrent uses of one token, exactly one gets here first.
      const spent = await affected(
        em,
        `UPDATE refresh_tokens SET used_at = now() WHERE tenant_id = $1 AND id = $2 AND used_at IS NULL AND revoked_at IS NULL`,
        [parsed.tenantId, parsed.tokenId],
      );
      if (spent === 0) {
        await this.revokeFamily(em, parsed.tenantId, row.family_id, 'reuse');
        this.logger.warn({ tenantId: parsed.tenantId, userId: row.user_id }, 'Refresh token reused; session revoked');
        return { ok: false, reason: 'reused' };
      }
      const [u] = await rows<{ id: string; email: string; role: Role; display_name: string; slug: string }>(
        em,
        `SELECT u.id, u.email, u.role, u.display_name, t.slug FROM users u JOIN tenants t ON t.id = u.tenant_id
          WHERE u.tenant_id = $1 AND u.id = $2`,
        [parsed.tenantId, row.user_id],
      );
      if (!u) return { ok: false, reason: 'invalid' };
      const refreshToken = await this.issueRefresh(em, parsed.tenantId, u.id, row.family_id, meta);
      const user: UserView = {
        id: u.id,
        email: u.email,
        role: u.role,
        tenantId: parsed.tenantId,
        tenantSlug: u.slug,
        displayName: u.display_name,
      };
      return { ok: true, response: await this.tokenResponse(user, row.family_id, refreshToken) };
    });
    if (!outcome.ok) {
      throw unauthenticated(
        outcome.reason === 'reused'
          ? 'Refresh token was already used; the session has been signed out'
          : outcome.reason === 'expired'
            ? 'Refresh token expired; please sign in again'
            : 'Invalid refresh token',
      );
    }
    return outcome.response;
  }

  /** Signs the session out. Unknown or already revoked tokens are accepted silently (logout is idempotent). */
  async logout(token: string): Promise<void> {
    const parsed = this.tokens.parseRefresh(token);
    if (!parsed) return;
    await this.db.tx({ tenantId: parsed.tenantId }, async (em) => {
      const [row] = await rows<{ family_id: string; token_hash: string }>(
        em,
        `SELECT family_id, token_hash FROM refresh_tokens WHERE tenant_id = $1 AND id = $2`,
        [parsed.tenantId, parsed.tokenId],
      );
      if (row && this.tokens.secretMatches(parsed.secret, row.token_hash)) {
        await this.revokeFamily(em, parsed.tenantId, row.family_id, 'logout');
      }
    });
  }

  async me(user: AuthUser): Promise<UserView> {
    const [row] = await this.db.read<{ id: string; email: string; role: Role; display_name: string }>(
      { tenantId: user.tenantId, userId: user.userId },
      `SELECT id, email, role, display_name FROM users WHERE tenant_id = $1 AND id = $2`,
      [user.tenantId, user.userId],
    );
    if (!row) throw unauthenticated('This account no longer exists');
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      tenantId: user.tenantId,
      tenantSlug: user.tenantSlug,
      displayName: row.display_name,
    };
  }

  /** Changes the password and signs out every other session of the user. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const scope = { tenantId: user.tenantId, userId: user.userId };
    const [current] = await this.db.tx(scope, (em) =>
      rows<{ password_hash: string }>(em, `SELECT password_hash FROM users WHERE tenant_id = $1 AND id = $2`, [
        user.tenantId,
        user.userId,
      ]),
    );
    if (!current) throw unauthenticated('This account no longer exists');
    if (!(await verifyPassword(currentPassword, current.password_hash))) throw invalid('currentPassword is not correct');
    if (currentPassword === newPassword) throw invalid('newPassword must differ from the current password');
    const problem = passwordProblem(newPassword);
    if (problem) throw invalid(problem.replace(/^password/, 'newPassword'));
    const hash = await hashPassword(newPassword, this.config.bcryptCost);
    await this.db.tx(scope, async (em) => {
      await rows(em, `UPDATE users SET password_hash = $3, password_changed_at = now() WHERE tenant_id = $1 AND id = $2`, [
        user.tenantId,
        user.userId,
        hash,
      ]);
      await rows(
        em,
        `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = 'password_changed'
          WHERE tenant_id = $1 AND user_id = $2 AND family_id <> $3 AND revoked_at IS NULL`,
        [user.tenantId, user.userId, user.sessionId],
      );
    });
  }

  /** Active sessions: one per token family that still holds an unspent, unexpired token. */
  async sessions(user: AuthUser): Promise<SessionView[]> {
    const sessions = await this.db.tx({ tenantId: user.tenantId, userId: user.userId }, (em) =>
      rows<{ family_id: string; started_at: Date; last_used_at: Date; user_agent: string | null; ip: string | null }>(
        em,
        `SELECT cur.family_id, fam.started_at, cur.created_at AS last_used_at, cur.user_agent, cur.ip
           FROM refresh_tokens cur
           JOIN (SELECT family_id, min(created_at) AS started_at FROM refresh_tokens
                  WHERE tenant_id = $1 AND user_id = $2 GROUP BY family_id) fam ON fam.family_id = cur.family_id
          WHERE cur.tenant_id = $1 AND cur.user_id = $2 AND cur.used_at IS NULL AND cur.revoked_at IS NULL
            AND cur.expires_at > now()
          ORDER BY cur.created_at DESC`,
        [user.tenantId, user.userId],
      ),
    );
    return sessions.map((r) => ({
      id: r.family_id,
      createdAt: r.started_at.toISOString(),
      lastUsedAt: r.last_used_at.toISOString(),
      userAgent: r.user_agent,
      ip: r.ip,
      current: r.family_id === user.sessionId,
    }));
  }

  async revokeSession(user: AuthUser, sessionId: string): Promise<void> {
    if (!isUuid(sessionId)) throw notFound('Session');
    const revoked = await this.db.tx({ tenantId: user.tenantId, userId: user.userId }, async (em) => {
      const n = await this.revokeFamily(em, user.tenantId, sessionId, 'session_revoked', user.userId);
      return n > 0;
    });
    if (!revoked) throw notFound('Session');
  }

  private revokeFamily(em: EntityManager, tenantId: string, familyId: string, reason: string, userId?: string) {
    return affected(
      em,
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $3
        WHERE tenant_id = $1 AND family_id = $2 AND revoked_at IS NULL ${userId ? 'AND user_id = $4' : ''}`,
      userId ? [tenantId, familyId, reason, userId] : [tenantId, familyId, reason],
    );
  }

  private async issueRefresh(
    em: EntityManager,
    tenantId: string,
    userId: string,
    familyId: string,
    meta: RequestMeta,
  ): Promise<string> {
    const { secret, hash } = this.tokens.newRefreshSecret();
    const [row] = await rows<{ id: string }>(
      em,
      `INSERT INTO refresh_tokens (tenant_id, user_id, family_id, token_hash, expires_at, user_agent, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [tenantId, userId, familyId, hash, this.tokens.refreshExpiry(), meta.userAgent, meta.ip],
    );
    return this.tokens.formatRefresh(tenantId, row.id, secret);
  }

  private async tokenResponse(user: UserView, familyId: string, refreshToken: string): Promise<LoginResponse> {
    const accessToken = await this.tokens.signAccess({
      sub: user.id,
      tid: user.tenantId,
      ten: user.tenantSlug,
      role: user.role,
      sid: familyId,
    });
    return { accessToken, refreshToken, expiresIn: this.tokens.accessTtlSeconds, tokenType: 'Bearer', user };
  }

}
