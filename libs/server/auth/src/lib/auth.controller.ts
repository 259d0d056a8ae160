import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ROLES as ALL_ROLES } from '@spendguard/contracts';
import { ApiErrorDto, Public, Roles } from '@spendguard/server-core';
import { AuthUser, CurrentUser, RequestMeta } from './auth-user';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
  SessionListDto,
  TokenResponseDto,
  UserEnvelopeDto,
} from './dto/auth.dto';
import { ClientMeta } from './request-meta.decorator';

@ApiTags('auth')
@ApiBadRequestResponse({ type: ApiErrorDto, description: 'Malformed body; `message` lists the problems' })
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Register a customer account in a tenant' })
  @ApiCreatedResponse({ type: UserEnvelopeDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown tenant' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'Email already registered in this tenant' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async register(@Body() dto: RegisterDto): Promise<UserEnvelopeDto> {
    return { user: await this.auth.register(dto) };
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Sign in; returns an access token (15 minutes) and a rotating refresh token' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'Wrong email or password (one message for both)' })
  @ApiResponse({ status: 423, type: ApiErrorDto, description: 'Locked after repeated failures' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  login(@Body() dto: LoginDto, @ClientMeta() meta: RequestMeta): Promise<TokenResponseDto> {
    return this.auth.login(dto, meta);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens; a reused token signs the whole session out' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  refresh(@Body() dto: RefreshDto, @ClientMeta() meta: RequestMeta): Promise<TokenResponseDto> {
    return this.auth.refresh(dto.refreshToken, meta);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out the session of this refresh token' })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserEnvelopeDto })
  async me(@CurrentUser() user: AuthUser): Promise<UserEnvelopeDto> {
    return { user: await this.auth.me(user) };
  }

  @Post('password')
  @Roles(...ALL_ROLES)
  @HttpCode(204)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Change the password (needs the current one); signs out all other sessions' })
  @ApiNoContentResponse()
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }

  @Get('sessions')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Signed-in sessions of the user' })
  @ApiOkResponse({ type: SessionListDto })
  async sessions(@CurrentUser() user: AuthUser): Promise<SessionListDto> {
    return { items: await this.auth.sessions(user) };
  }

  @Delete('sessions/:id')
  @Roles(...ALL_ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out one session' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async revokeSession(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.auth.revokeSession(user, id);
  }
}
