import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@spendguard/db';
import { seedDemo } from '@spendguard/db/seed';
import { AppConfig, configureApp, ConfigError, hashPassword, loadConfig } from '@spendguard/server-core';
import { AppModule } from './app/app.module';

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

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const appRole = decodeURIComponent(new URL(config.databaseUrl).username);
  const applied = await migrateDatabase({ migrationUrl: config.migrationDatabaseUrl, appRole });

  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  configureApp(app, config);
  if (applied.length) logger.log(`Applied database migrations: ${applied.join(', ')}`);

  if (config.seedDemo) {
    const result = await seedDemo(app.get(DataSource), {
      passwordHash: await hashPassword('Demo-Password-1', config.bcryptCost),
      log: (message) => logger.log(message, 'Seed'),
    });
    if (result.created) logger.log(`Seeded demo tenants: ${result.customers} customers, ${result.expenses} expenses`);
  }

  await app.listen(config.port, process.env['HOST'] ?? '0.0.0.0');
  logger.log(`Spendguard API listening on port ${config.port} (${config.env})`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`spendguard-api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
