import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { AdminUsersService } from './admin-users.service';
import { AuthUser, CurrentUser } from './auth-user';
import { AdminUserDto, AdminUserPageDto, ListUsersQueryDto } from './dto/admin-users.dto';
import { CreateOperatorDto } from './dto/auth.dto';

@ApiTags('admin')
@Roles('admin')
@ApiBadRequestResponse({ type: ApiErrorDto })
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create an operator account (reviewer, supervisor or admin) in the tenant' })
  @ApiCreatedResponse({ type: AdminUserDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'Email already in use in this tenant' })
  create(@CurrentUser() admin: AuthUser, @Body() dto: CreateOperatorDto): Promise<AdminUserDto> {
    return this.users.createOperator(admin, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Users of the tenant, by email' })
  @ApiOkResponse({ type: AdminUserPageDto })
  list(@CurrentUser() admin: AuthUser, @Query() query: ListUsersQueryDto): Promise<AdminUserPageDto> {
    return this.users.list(admin, query);
  }
}
