import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  LoginRequest,
  LoginResponse,
  OPERATOR_ROLES,
  OperatorRole,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RegisterRequest,
  Role,
  ROLES,
  SessionView,
  UserView,
} from '@spendguard/contracts';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A tenant slug, as in the portal link. */
const TenantSlugField = (description?: string) =>
  applyDecorators(
    ApiProperty({ example: 'demo', ...(description ? { description } : {}) }),
    Transform(trimLower),
    IsString(),
    Matches(/^[a-z0-9-]{1,63}$/, { message: 'tenant must be a tenant slug (lower-case letters, digits and dashes)' }),
  );

/** An email address, stored lower-cased and trimmed. */
const EmailField = (example: string) =>
  applyDecorators(
    ApiProperty({ example }),
    Transform(trimLower),
    IsEmail({}, { message: 'email must be a valid email address' }),
    MaxLength(254),
  );

/** A password being set; the policy beyond its length is checked by the service (passwordProblem). */
const NewPasswordField = () =>
  applyDecorators(
    ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH),
    MaxLength(PASSWORD_MAX_LENGTH),
  );

const DisplayNameField = () =>
  applyDecorators(Transform(trim), IsString(), IsNotEmpty({ message: 'displayName must not be empty' }), MaxLength(120));

export class RegisterDto implements RegisterRequest {
  @TenantSlugField('Tenant slug (from the portal link)')
  tenant!: string;

  @EmailField('jane@example.com')
  email!: string;

  @NewPasswordField()
  password!: string;

  @ApiProperty({ example: 'Jane Doe' })
  @DisplayNameField()
  displayName!: string;
}

export class LoginDto implements LoginRequest {
  @TenantSlugField()
  tenant!: string;

  @EmailField('customer@demo.test')
  email!: string;

  @ApiProperty({ example: 'Demo-Password-1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword!: string;

  @NewPasswordField()
  newPassword!: string;
}

export class CreateOperatorDto {
  @EmailField('reviewer2@demo.test')
  email!: string;

  @NewPasswordField()
  password!: string;

  @ApiProperty({ enum: OPERATOR_ROLES })
  @IsIn(OPERATOR_ROLES, { message: `role must be one of: ${OPERATOR_ROLES.join(', ')}` })
  role!: OperatorRole;

  @ApiProperty({ example: 'Sam Reviewer' })
  @DisplayNameField()
  displayName!: string;
}

export class UserDto implements UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() tenantSlug!: string;
  @ApiProperty() displayName!: string;
}

export class UserEnvelopeDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class TokenResponseDto implements LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 }) expiresIn!: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class SessionDto implements SessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) lastUsedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) userAgent!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ description: 'This is the session of the calling access token' }) current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] }) items!: SessionDto[];
}
