import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { baseDataSourceOptions } from '@spendguard/server-data';

export interface TestDatabase {
  name: string;
  /** Connects as the application role (no BYPASSRLS): what the app uses. */
  appUrl: string;
  /** Connects as the schema owner / superuser: for arranging and inspecting data behind RLS. */
  ownerUrl: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest with tools/jest/global-setup.mjs`);
  return value;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, fully migrated database for one test file, cloned from the run's template in ~100 ms. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const superUrl = env('SPENDGUARD_TEST_SUPER_URL');
  const template = env('SPENDGUARD_TEST_TEMPLATE_DB');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: superUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    appUrl: withDatabase(env('SPENDGUARD_TEST_APP_URL'), name),
    ownerUrl: withDatabase(superUrl, name),
    async drop() {
      const c = new Client({ connectionString: superUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A TypeORM data source on a test database (owner connection unless told otherwise). */
export async function openDataSource(url: string, { poolSize = 4 }: { poolSize?: number } = {}): Promise<DataSource> {
  const ds = new DataSource(baseDataSourceOptions({ url, poolSize, applicationName: 'spendguard-test' }));
  return ds.initialize();
}
