// Applies pending migrations: MIGRATION_DATABASE_URL (or DATABASE_URL) owns the schema; APP_DB_ROLE,
// when given, is granted the application's privileges. Used by the test setup and `npm run db:migrate`.
import { migrateDatabase } from '@spendguard/db';

async function main(): Promise<void> {
  const migrationUrl = process.env['MIGRATION_DATABASE_URL'] ?? process.env['DATABASE_URL'];
  if (!migrationUrl) throw new Error('Set MIGRATION_DATABASE_URL or DATABASE_URL');
  const applied = await migrateDatabase({ migrationUrl, appRole: process.env['APP_DB_ROLE'] ?? null });
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
