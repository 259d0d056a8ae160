import { Inject, Injectable } from '@nestjs/common';
import { PAGE_DEFAULT_LIMIT, Page } from '@spendguard/contracts';
import { APP_CONFIG, AppConfig, decodeCursor, encodeCursor, hashPassword, invalid, passwordProblem } from '@spendguard/server-core';
import { rows, TenantDb } from '@spendguard/server-data';
import type { AuthUser } from './auth-user';
import type { AdminUserDto, ListUsersQueryDto } from './dto/admin-users.dto';
import type { CreateOperatorDto } from './dto/auth.dto';
import { createUser } from './users';

interface UserRow {
  id: string;
  email: string;
  role: AdminUserDto['role'];
  display_name: string;
  created_at: Date;
  last_login_at: Date | null;
  locked_until: Date | null;
}

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createOperator(admin: AuthUser, dto: CreateOperatorDto): Promise<AdminUserDto> {
    const problem = passwordProblem(dto.password);
    if (problem) throw invalid(problem);
    const passwordHash = await hashPassword(dto.password, this.config.bcryptCost);
    return this.db.tx({ tenantId: admin.tenantId, userId: admin.userId }, async (em) => {
      const user = await createUser(em, admin.tenantId, { ...dto, passwordHash });
      const [row] = await rows<UserRow>(
        em,
        `SELECT id, email, role, display_name, created_at, last_login_at, locked_until FROM users WHERE tenant_id = $1 AND id = $2`,
        [admin.tenantId, user.id],
      );
      return toView(row);
    });
  }

  async list(admin: AuthUser, query: ListUsersQueryDto): Promise<Page<AdminUserDto>> {
    const limit = query.limit ?? PAGE_DEFAULT_LIMIT;
    const where = ['tenant_id = $1'];
    const params: unknown[] = [admin.tenantId];
    if (query.role) {
      params.push(query.role);
      where.push(`role = $${params.length}`);
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`);
      where.push(`(email LIKE $${params.length} OR lower(display_name) LIKE $${params.length})`);
    }
    const filterParams = [...params];
    const filterWhere = [...where];
    if (query.cursor) {
      const [email] = decodeCursor(query.cursor, 1);
      params.push(email);
      where.push(`email > $${params.length}`);
    }
    params.push(limit + 1);
    return this.db.tx({ tenantId: admin.tenantId, userId: admin.userId }, async (em) => {
      const found = await rows<UserRow>(
        em,
        `SELECT id, email, role, display_name, created_at, last_login_at, locked_until
           FROM users WHERE ${where.join(' AND ')} ORDER BY email LIMIT $${params.length}`,
        params,
      );
      const [{ total }] = await rows<{ total: string }>(
        em,
        `SELECT count(*) AS total FROM users WHERE ${filterWhere.join(' AND ')}`,
        filterParams,
      );
      const page = found.slice(0, limit);
      return {
        items: page.map(toView),
        nextCursor: found.length > limit ? encodeCursor([page[page.length - 1].email]) : null,
        total: Number(total),
      };
    });
  }
}

function toView(row: UserRow): AdminUserDto {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    displayName: row.display_name,
    createdAt: row.created_at.toISOString(),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    locked: !!row.locked_until && row.locked_until.getTime() > Date.now(),
  };
}
