import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const DB = 'postgres://app:secret@localhost:5432/spendguard';

describe('loadConfig', () => {
  it('refuses to start in production without JWT_SECRET or DATABASE_URL, naming both', () => {
    expect.assertions(3);
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).toContain('JWT_SECRET is required in production');
      expect((e as ConfigError).message).toContain('DATABASE_URL is required in production');
    }
  });

  it('rejects a short secret and a weak bcrypt cost in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: DB, JWT_SECRET: 'short', BCRYPT_COST: '8' })).toThrow(
      /JWT_SECRET must be at least 32 characters[\s\S]*BCRYPT_COST must be at least 12/,
    );
  });

  it('generates a development secret once and keeps it under the data directory', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const first = loadConfig({ DATABASE_URL: DB, DATA_DIR: dataDir });
    const second = loadConfig({ DATABASE_URL: DB, DATA_DIR: dataDir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
  });

  it('reports malformed numbers and URLs with the variable name', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', JWT_SECRET: 'x'.repeat(40) })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ connection URL[\s\S]*PORT must be a whole number/,
    );
  });

  it('validates the report expiry and period limit', () => {
    const base = { DATABASE_URL: DB, JWT_SECRET: 'x'.repeat(40), NODE_ENV: 'test' };
    expect(loadConfig(base)).toMatchObject({ reportTtlHours: 24, reportMaxMonths: 24 });
    expect(loadConfig({ ...base, REPORT_TTL_HOURS: '2', REPORT_MAX_MONTHS: '12' })).toMatchObject({ reportTtlHours: 2, reportMaxMonths: 12 });
    expect(() => loadConfig({ ...base, REPORT_TTL_HOURS: '0', REPORT_MAX_MONTHS: '36' })).toThrow(
      /REPORT_TTL_HOURS must be a whole number from 1 to 2160[\s\S]*REPORT_MAX_MONTHS must be a whole number from 1 to 24/,
    );
  });

  it('defaults the migration connection to the application connection', () => {
    const c = loadConfig({ DATABASE_URL: DB, JWT_SECRET: 'x'.repeat(40), NODE_ENV: 'test' });
    expect(c.migrationDatabaseUrl).toBe(DB);
    expect(c.bcryptCost).toBe(12);
    expect(c.accessTokenTtlSeconds).toBe(900);
  });
});
