// npm run tenant:create -- --slug acme --name "Acme Credit Union" --admin-email admin@acme.example --admin-password '…'
//   [--currency EUR] [--timezone Europe/Berlin] [--locale de-DE]
// Creates a tenant with its default categories and first admin, outside demo mode. Uses DATABASE_URL
// (migrating first with MIGRATION_DATABASE_URL when given).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@spendguard/db';
import { DomainError, hashPassword, isCurrencyCode, isLocale, isTimeZone, passwordProblem } from '@spendguard/server-core';
import { baseDataSourceOptions, provisionTenant } from '@spendguard/server-data';

function fail(message: string): never {
  process.stderr.write(`tenant:create: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      'admin-name': { type: 'string' },
      currency: { type: 'string', default: 'USD' },
      timezone: { type: 'string', default: 'UTC' },
      locale: { type: 'string', default: 'en-US' },
    },
    strict: true,
  });
  const problems: string[] = [];
  if (!values.slug || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(values.slug)) problems.push('--slug must be lower-case letters, digits and dashes');
  if (!values.name?.trim()) problems.push('--name is required');
  if (!values['admin-email'] || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values['admin-email'])) problems.push('--admin-email must be an email address');
  const pwProblem = values['admin-password'] ? passwordProblem(values['admin-password']) : '--admin-password is required';
  if (pwProblem) problems.push(pwProblem.replace(/^password/, '--admin-password'));
  if (!isCurrencyCode(values.currency)) problems.push('--currency must be an ISO 4217 code such as USD');
  if (!isTimeZone(values.timezone)) problems.push('--timezone must be an IANA time zone such as Europe/Berlin');
  if (!isLocale(values.locale)) problems.push('--locale must be a locale tag such as en-US');
  const url = process.env['DATABASE_URL'];
  if (!url) problems.push('DATABASE_URL must point at the Spendguard database');
  if (problems.length) fail(`\n  - ${problems.join('\n  - ')}`);

  const migrationUrl = process.env['MIGRATION_DATABASE_URL'];
  if (migrationUrl) await migrateDatabase({ migrationUrl, appRole: decodeURIComponent(new URL(url!).username) });
  const ds = await new DataSource(baseDataSourceOptions({ url: url!, poolSize: 2, applicationName: 'spendguard-cli' })).initialize();
  try {
    const tenantId = await provisionTenant(ds, {
      slug: values.slug!,
      name: values.name!.trim(),
      currency: values.currency,
      timezone: values.timezone,
      locale: values.locale,
      admin: {
        email: values['admin-email']!,
        passwordHash: await hashPassword(values['admin-password']!, Number(process.env['BCRYPT_COST'] ?? 12)),
        displayName: values['admin-name'] ?? 'Administrator',
      },
    });
    process.stdout.write(`${JSON.stringify({ tenantId, slug: values.slug, admin: values['admin-email'] })}\n`);
  } catch (error) {
    if (error instanceof DomainError) fail(error.message);
    throw error;
  } finally {
    await ds.destroy();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
