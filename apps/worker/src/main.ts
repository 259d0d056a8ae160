import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@spendguard/server-core';
import { WorkerModule } from './app/worker.module';

/**
 * The analysis worker: a Nest application context (no HTTP). Run as many as the load needs, on any
 * number of machines, against the same PostgreSQL.
 */
async function bootstrap(): Promise<void> {
  let config;
  try {
    // A worker process always consumes the queue and never runs the scheduler (the API does).
    config = loadConfig({ ...process.env, RUN_WORKER: 'true', RUN_SCHEDULER: 'false' });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`spendguard-worker: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await app.init();
  // Finish cleanly on a stop signal: close the context (lifecycle hooks, pool) and exit 0.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`Worker stopping on ${signal}`, 'Worker');
      app
        .close()
        .then(() => process.exit(0))
        .catch(() => process.exit(1));
    });
  }
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`spendguard-worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
