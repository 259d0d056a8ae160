import os from 'node:os';
import path from 'node:path';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppConfig, configureApp, createHttpAdapter, loadConfig } from '@spendguard/server-core';
import { createTestDatabase, openDataSource, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  /** Owner connection (bypasses RLS) for arranging and asserting on stored data. */
  owner: DataSource;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/**
 * Boots the real application module against a fresh database with the production HTTP setup
 * (validation, error mapping, guards): tests talk to it over real HTTP through supertest.
 */
export async function startTestApp(
  rootModule: (config: AppConfig) => DynamicModule,
  env: Record<string, string> = {},
  /** Runs after the standard HTTP setup and before the app initialises (extra routes or plugins). */
  prepare?: (app: NestFastifyApplication) => Promise<unknown>,
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.appUrl,
    MIGRATION_DATABASE_URL: db.ownerUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    BCRYPT_COST: '10',
    AUTH_RATE_LIMIT: '10000',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DB_POOL_SIZE: '10',
    // tests drive the analysis explicitly; files that need the scheduler or a worker turn them on
    RUN_SCHEDULER: 'false',
    RUN_WORKER: 'false',
    ML_ARTIFACTS_DIR: path.join(os.tmpdir(), `spendguard-artifacts-${process.pid}`),
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [rootModule(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), { logger: false });
  await configureApp(app, config);
  await prepare?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const owner = await openDataSource(db.ownerUrl);
  const server = app.getHttpServer();
  return {
    app,
    config,
    db,
    owner,
    http: () => request(server),
    async close() {
      await app.close();
      await owner.destroy();
      await db.drop();
    },
  };
}
