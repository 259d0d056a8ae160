// Data source for the TypeORM CLI (migration:generate / migration:show). The application itself
// builds its data sources from libs/server/data and runs migrations through `migrateDatabase`.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { baseDataSourceOptions } from '@spendguard/server-data';
import { MIGRATIONS } from './migrations';

const url = process.env['MIGRATION_DATABASE_URL'] ?? process.env['DATABASE_URL'];
if (!url) throw new Error('Set MIGRATION_DATABASE_URL or DATABASE_URL for the TypeORM CLI');

export default new DataSource({ ...baseDataSourceOptions({ url, poolSize: 2 }), migrations: MIGRATIONS });
