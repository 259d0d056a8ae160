// The API in the benchmark's own process on a loopback port (so its memory is the process's memory),
// on a throwaway database from harness.mjs, plus an owner connection for seeding behind RLS.
import 'reflect-metadata';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app/app.module';
import { configureApp, createHttpAdapter, loadConfig } from '@spendguard/server-core';
import { baseDataSourceOptions } from '@spendguard/server-data';

interface BenchDb {
  ownerUrl: string;
  appUrl: string;
  stop(): Promise<void>;
}

interface Harness {
  startDatabase(): Promise<BenchDb>;
  machine(): Record<string, unknown>;
}

export interface InProcessApi {
  app: INestApplication;
  /** e.g. http://127.0.0.1:PORT/api */
  base: string;
  /** Schema-owner connection for seeding (bypasses RLS). */
  owner: DataSource;
  machine(): Record<string, unknown>;
  close(): Promise<void>;
}

// a real dynamic import (ts-node would turn `import()` into require) for the ESM harness shared with bench:auth
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Harness>;

export async function startInProcessApi(env: Record<string, string> = {}): Promise<InProcessApi> {
  const harness = await importEsm(path.resolve(__dirname, 'harness.mjs'));
  const db = await harness.startDatabase();
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.appUrl,
    MIGRATION_DATABASE_URL: db.ownerUrl,
    JWT_SECRET: 'bench-secret-0123456789-0123456789-0123456789',
    BCRYPT_COST: '12',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT: '100000',
    RUN_SCHEDULER: 'false',
    RUN_WORKER: 'false',
    ...env,
  });
  const app = await NestFactory.create(AppModule.forRoot(config), createHttpAdapter(config), { logger: false });
  await configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api`;
  const owner = await new DataSource(baseDataSourceOptions({ url: db.ownerUrl, poolSize: 2, applicationName: 'bench-owner' })).initialize();
  return {
    app,
    base,
    owner,
    machine: () => harness.machine(),
    async close() {
      await owner.destroy();
      await app.close();
      await db.stop();
    },
  };
}
