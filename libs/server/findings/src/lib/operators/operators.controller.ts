import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { OPERATOR_ROLES, type OperatorList, type OperatorView } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { Roles } from '@spendguard/server-core';
import { TenantDb } from '@spendguard/server-data';
import { scopeOf } from '../review/review.service';

class OperatorDto implements OperatorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: OPERATOR_ROLES }) role!: OperatorView['role'];
}

class OperatorListDto implements OperatorList {
  @ApiProperty({ type: [OperatorDto] }) items!: OperatorDto[];
}

/**
 * Who works the queue: every operator may see their colleagues' names (the audit trail names them) and
 * supervisors assign findings to them. Admin-only account details (emails, sign-ins, locks) stay in /admin/users.
 */
@Injectable()
export class OperatorsService {
  constructor(private readonly db: TenantDb) {}

  async list(user: AuthUser): Promise<OperatorListDto> {
    const items = await this.db.read<OperatorDto>(
      scopeOf(user),
      `SELECT id, display_name AS "displayName", role FROM users
        WHERE tenant_id = $1 AND role IN ('reviewer', 'supervisor', 'admin')
        ORDER BY display_name, id`,
      [user.tenantId],
    );
    return { items };
  }
}

@ApiTags('findings')
@Roles(...OPERATOR_ROLES)
@Controller('operators')
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's operators (id, name, role), for assignment and audit trails" })
  @ApiOkResponse({ type: OperatorListDto })
  list(@CurrentUser() user: AuthUser): Promise<OperatorListDto> {
    return this.operators.list(user);
  }
}
