import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppConfig {
  env: NodeEnv;
  port: number;
  /** HTTP processes (node:cluster); 1 serves from the main process. */
  apiWorkers: number;
  /** The application's connection: a role without BYPASSRLS. */
  databaseUrl: string;
  /** The schema owner's connection used to run migrations (defaults to databaseUrl). */
  migrationDatabaseUrl: string;
  dbPoolSize: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bcryptCost: number;
  /** Login/register/refresh attempts per client IP per minute. */
  authRateLimit: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** Express "trust proxy" setting: false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  seedDemo: boolean;
  /** Where development secrets and the embedded database live. */
  dataDir: string;
  /** Where trained model artifacts are written. */
  artifactsDir: string;
  /** Run queue workers in this process (npm start runs one in-process worker). */
  runWorker: boolean;
  /** Jobs a worker process handles at once. */
  workerConcurrency: number;
  /** Customer analysis jobs a worker loop fetches at a time (run one after another, failed one by one). */
  analysisBatchSize: number;
  /** Nightly runs reuse a customer's anomaly model until it is this many days old (0: retrain every run). */
  analysisRetrainDays: number;
  /** Run the nightly scheduler (cron) in this process. */
  runScheduler: boolean;
  queueMaintenanceSeconds: number;
  /** Customer-requested analysis runs allowed per customer per hour. */
  analysisRunsPerHour: number;
  /** Allowed browser origins for CORS (empty: same origin only). */
  corsOrigins: string[];
  /** Hours a generated Excel report can be downloaded before it expires. */
  reportTtlHours: number;
  /** Longest period one report may cover, in months (reports read up to 24 months of history). */
  reportMaxMonths: number;
  /** Serve the built console and portal at /console and /portal (the all-in-one mode). */
  serveWeb: boolean;
  /** Where the built front ends are (default: beside the API's bundle, dist/apps). */
  webDir: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, key: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${key} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function bool(env: Env, key: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${key} must be true or false (got "${raw}")`);
  return fallback;
}

function postgresUrl(env: Env, key: string, problems: string[]): string | undefined {
  const raw = env[key];
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('protocol');
    return raw;
  } catch {
    problems.push(`${key} must be a postgres:// connection URL`);
    return undefined;
  }
}

/**
 * In development a missing JWT secret is generated once and kept under the data directory, so sessions
 * survive restarts without anyone choosing a weak default. Production must be given one.
 */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** Reads and validates the environment once at start-up; every problem is reported together. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const rawEnv = env['NODE_ENV'] ?? 'development';
  if (!['development', 'production', 'test'].includes(rawEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${rawEnv}")`);
  }
  const nodeEnv = (['development', 'production', 'test'].includes(rawEnv) ? rawEnv : 'development') as NodeEnv;
  const production = nodeEnv === 'production';
  const dataDir = path.resolve(env['DATA_DIR'] ?? '.data');

  const databaseUrl = postgresUrl(env, 'DATABASE_URL', problems);
  if (!databaseUrl && !problems.some((p) => p.startsWith('DATABASE_URL'))) {
    problems.push(
      production
        ? 'DATABASE_URL is required in production (postgres://user:password@host:5432/database)'
        : 'DATABASE_URL is not set: use `npm start`, which starts an embedded PostgreSQL, or point DATABASE_URL at a server',
    );
  }
  const migrationDatabaseUrl = postgresUrl(env, 'MIGRATION_DATABASE_URL', problems) ?? databaseUrl ?? '';

  let jwtSecret = env['JWT_SECRET'] ?? '';
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET is required in production (at least 32 random characters)');
    else jwtSecret = developmentSecret(dataDir);
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long');
  }

  const bcryptCost = int(env, 'BCRYPT_COST', 12, 4, 15, problems);
  if (production && bcryptCost < 12) problems.push('BCRYPT_COST must be at least 12 in production');

  const trustProxyRaw = env['TRUST_PROXY'];
  let trustProxy: AppConfig['trustProxy'] = false;
  if (trustProxyRaw) {
    if (/^(true|false)$/i.test(trustProxyRaw)) trustProxy = /^true$/i.test(trustProxyRaw);
    else if (/^\d+$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
    else trustProxy = trustProxyRaw;
  }

  const config: AppConfig = {
    env: nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535, problems),
    apiWorkers: int(env, 'API_WORKERS', 1, 1, 64, problems),
    databaseUrl: databaseUrl ?? '',
    migrationDatabaseUrl,
    dbPoolSize: int(env, 'DB_POOL_SIZE', 20, 2, 200, problems),
    jwtSecret,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400, problems),
    refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365, problems),
    bcryptCost,
    authRateLimit: int(env, 'AUTH_RATE_LIMIT', 20, 1, 100_000, problems),
    lockoutThreshold: int(env, 'LOCKOUT_THRESHOLD', 5, 1, 100, problems),
    lockoutMinutes: int(env, 'LOCKOUT_MINUTES', 15, 1, 24 * 60, problems),
    logLevel: env['LOG_LEVEL'] ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: env['LOG_FORMAT'] === 'pretty' ? 'pretty' : 'json',
    trustProxy,
    seedDemo: bool(env, 'SEED_DEMO', false, problems),
    dataDir,
    artifactsDir: path.resolve(env['ML_ARTIFACTS_DIR'] ?? 'ml-artifacts'),
    runWorker: bool(env, 'RUN_WORKER', false, problems),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 4, 1, 64, problems),
    analysisBatchSize: int(env, 'ANALYSIS_BATCH_SIZE', 1, 1, 100, problems),
    analysisRetrainDays: int(env, 'ANALYSIS_RETRAIN_DAYS', 7, 0, 365, problems),
    runScheduler: bool(env, 'RUN_SCHEDULER', true, problems),
    queueMaintenanceSeconds: int(env, 'QUEUE_MAINTENANCE_SECONDS', 60, 1, 3600, problems),
    analysisRunsPerHour: int(env, 'ANALYSIS_RUNS_PER_HOUR', 6, 1, 1000, problems),
    reportTtlHours: int(env, 'REPORT_TTL_HOURS', 24, 1, 24 * 90, problems),
    reportMaxMonths: int(env, 'REPORT_MAX_MONTHS', 24, 1, 24, problems),
    corsOrigins: (env['CORS_ORIGINS'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    serveWeb: bool(env, 'SERVE_WEB', true, problems),
    webDir: env['WEB_DIR'] ? path.resolve(env['WEB_DIR']) : null,
  };
  if (env['LOG_FORMAT'] && !['json', 'pretty'].includes(env['LOG_FORMAT'])) {
    problems.push(`LOG_FORMAT must be json or pretty (got "${env['LOG_FORMAT']}")`);
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${config.logLevel}")`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
