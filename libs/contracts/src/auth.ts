export const ROLES = ['customer', 'reviewer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that work in the operator console. */
export const OPERATOR_ROLES = ['reviewer', 'supervisor', 'admin'] as const satisfies readonly Role[];
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface UserView {
  id: string;
  email: string;
  role: Role;
  tenantId: string;
  tenantSlug: string;
  displayName: string;
}

export interface RegisterRequest {
  tenant: string;
  email: string;
  password: string;
  displayName: string;
}

export interface LoginRequest {
  tenant: string;
  email: string;
  password: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface LoginResponse extends TokenPair {
  user: UserView;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export interface CreateOperatorRequest {
  email: string;
  password: string;
  role: OperatorRole;
  displayName: string;
}

export interface AdminUserView {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  createdAt: string;
  lastLoginAt: string | null;
  locked: boolean;
}

/** Password rules shared by the API's validation and the front ends' forms. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 72; // bcrypt ignores bytes past 72
