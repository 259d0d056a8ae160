import 'reflect-metadata';
import cluster from 'node:cluster';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type pino from 'pino';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@spendguard/db';
import { seedDemo } from '@spendguard/db/seed';
import { AppConfig, configureApp, ConfigError, createHttpAdapter, createProcessLogger, hashPassword, loadConfig } from '@spendguard/server-core';
import { baseDataSourceOptions } from '@spendguard/server-data';
import { AppModule } from './app/app.module';
import { mountWebApps } from './web-apps';

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`spendguard-api: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** Once per deployment start, before any process serves: migrate, then seed the demo tenants if asked. */
async function prepareDatabase(config: AppConfig, log: pino.Logger): Promise<void> {
  const appRole = decodeURIComponent(new URL(config.databaseUrl).username);
  const applied = await migrateDatabase({ migrationUrl: config.migrationDatabaseUrl, appRole });
  if (applied.length) log.info(`Applied database migrations: ${applied.join(', ')}`);
  if (!config.seedDemo) return;
  const ds = await new DataSource(baseDataSourceOptions({ url: config.databaseUrl, poolSize: 4, applicationName: 'spendguard-seed' })).initialize();
  try {
    const result = await seedDemo(ds, {
      passwordHash: await hashPassword('Demo-Password-1', config.bcryptCost),
      log: (message) => log.info(message),
    });
    if (result.created) log.info(`Seeded demo tenants: ${result.customers} customers, ${result.expenses} expenses`);
  } finally {
    await ds.destroy();
  }
}

async function serve(config: AppConfig): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createHttpAdapter(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await configureApp(app, config);
  if (config.serveWeb) await mountWebApps(app, config.webDir ?? path.resolve(__dirname, '..'), (m) => logger.warn(m));
  await app.listen(config.port, process.env['HOST'] ?? '0.0.0.0');
  logger.log(`Spendguard API listening on port ${config.port} (${config.env}${cluster.isWorker ? `, worker ${cluster.worker?.id}` : ''})`);
}

/**
 * One HTTP process per core when API_WORKERS > 1 (node:cluster shares the port); the primary prepares
 * the database once, restarts a worker that dies unexpectedly, and forwards stop signals.
 */
function superviseWorkers(config: AppConfig, log: pino.Logger): void {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.apiWorkers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error(`API worker ${worker.id} exited (${signal ?? code}); starting a replacement`);
    setTimeout(fork, 1000);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      const timer = setTimeout(() => process.exit(0), 10_000);
      cluster.on('exit', () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) {
          clearTimeout(timer);
          process.exit(0);
        }
      });
    });
  }
  log.info(`Spendguard API starting ${config.apiWorkers} worker processes on port ${config.port}`);
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  if (cluster.isWorker) return serve(config);
  const log = createProcessLogger(config, 'Bootstrap');
  await prepareDatabase(config, log);
  if (config.apiWorkers > 1) return superviseWorkers(config, log);
  return serve(config);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`spendguard-api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
