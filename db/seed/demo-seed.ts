import type { DataSource, EntityManager } from 'typeorm';
import { generateLedger, SyntheticCustomer, SyntheticTransaction } from '@spendguard/ml';
import { provisionTenant, resolveTenantId, rows, runInTenant } from '@spendguard/server-data';

export interface SeedOptions {
  /** bcrypt hash of the shared demo password (hashed once: every demo account uses the same password). */
  passwordHash: string;
  log?: (message: string) => void;
  /** Last day of generated history; defaults to yesterday so the demo always looks current. */
  endDate?: string;
  /** Customers in `demo` besides customer@demo.test (API.md asks for at least 25). */
  extraCustomers?: number;
}

export interface SeedResult {
  created: boolean;
  customers: number;
  expenses: number;
}

interface DemoTenant {
  slug: string;
  name: string;
  currency: string;
  timezone: string;
  locale: string;
  operators: Array<{ email: string; role: 'admin' | 'supervisor' | 'reviewer'; displayName: string }>;
  seed: string;
  customers: number;
}

const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: 'demo',
    name: 'Demo Bank',
    currency: 'USD',
    timezone: 'America/New_York',
    locale: 'en-US',
    operators: [
      { email: 'admin@demo.test', role: 'admin', displayName: 'Avery Admin' },
      { email: 'supervisor@demo.test', role: 'supervisor', displayName: 'Sam Supervisor' },
      { email: 'reviewer@demo.test', role: 'reviewer', displayName: 'Riley Reviewer' },
    ],
    seed: 'spendguard-demo',
    customers: 1 + 26,
  },
  {
    slug: 'acme',
    name: 'Acme Credit Union',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    locale: 'de-DE',
    operators: [{ email: 'admin@acme.test', role: 'admin', displayName: 'Alex Acme' }],
    seed: 'spendguard-acme',
    customers: 1,
  },
];

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

function emailFor(customer: SyntheticCustomer, index: number, slug: string, taken: Set<string>): string {
  if (index === 0) return `customer@${slug}.test`;
  const base = customer.displayName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
  let email = `${base}@${slug}.test`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@${slug}.test`;
  return email;
}

/**
 * Seeds the demo tenants of API.md once (a second call finds `demo` and does nothing): operators,
 * customers with 24 months of realistic expenses from the seeded synthetic ledger (recurring bills,
 * subscriptions, seasonality, a few injected anomalies, one of them recent for every fourth customer), budgets and consent.
 */
export async function seedDemo(ds: DataSource, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => undefined);
  if (await resolveTenantId(ds, 'demo')) return { created: false, customers: 0, expenses: 0 };
  const endDate = options.endDate ?? yesterday();
  let customers = 0;
  let expenses = 0;
  for (const spec of DEMO_TENANTS) {
    const count = spec.slug === 'demo' && options.extraCustomers !== undefined ? 1 + options.extraCustomers : spec.customers;
    const tenantId = await provisionTenant(ds, {
      slug: spec.slug,
      name: spec.name,
      currency: spec.currency,
      timezone: spec.timezone,
      locale: spec.locale,
    });
    // Every fourth customer (customer@… first) gets a large first payment to a new merchant in the last two days,
    // so the first analysis always has a fresh anomaly to show, whatever day the demo is seeded on.
    const ledger = generateLedger({ seed: spec.seed, customers: count, months: 24, endDate, recentAnomalies: { days: 2, every: 4 } });
    await runInTenant(ds, { tenantId }, async (em) => {
      for (const op of spec.operators) {
        await rows(
          em,
          `INSERT INTO users (tenant_id, email, role, display_name, password_hash) VALUES ($1, $2, $3, $4, $5)`,
          [tenantId, op.email, op.role, op.displayName, options.passwordHash],
        );
      }
      const categories = new Map(
        (await rows<{ id: string; name: string }>(em, `SELECT id, name FROM categories WHERE tenant_id = $1`, [tenantId])).map(
          (c) => [c.name, c.id],
        ),
      );
      const taken = new Set<string>();
      const byUser = new Map<string, SyntheticTransaction[]>();
      for (const t of ledger.transactions) {
        const list = byUser.get(t.userId) ?? [];
        list.push(t);
        byUser.set(t.userId, list);
      }
      for (const [index, customer] of ledger.customers.entries()) {
        const email = emailFor(customer, index, spec.slug, taken);
        taken.add(email);
        const [user] = await rows<{ id: string }>(
          em,
          `INSERT INTO users (tenant_id, email, role, display_name, password_hash)
           VALUES ($1, $2, 'customer', $3, $4) RETURNING id`,
          [tenantId, email, customer.displayName, options.passwordHash],
        );
        // Most customers consent; a few have not, as in any real portfolio.
        const granted = index === 0 || index % 7 !== 3;
        await grantConsent(em, tenantId, user.id, granted, endDate);
        const txns = byUser.get(customer.userId) ?? [];
        await insertExpenses(em, tenantId, user.id, spec, txns, categories);
        if (index === 0) await insertBudgets(em, tenantId, user.id, txns, categories);
        customers += 1;
        expenses += txns.length;
      }
    });
    log(`Seeded tenant ${spec.slug}: ${count} customers, ${ledger.transactions.length} expenses`);
  }
  return { created: true, customers, expenses };
}

async function grantConsent(em: EntityManager, tenantId: string, userId: string, granted: boolean, endDate: string) {
  const at = `${endDate}T12:00:00Z`;
  await rows(
    em,
    `INSERT INTO consents (tenant_id, user_id, analysis_granted, granted_at) VALUES ($1, $2, $3, $4)`,
    [tenantId, userId, granted, granted ? new Date(Date.parse(at) - 700 * 86_400_000) : null],
  );
  if (granted) {
    await rows(
      em,
      `INSERT INTO consent_events (tenant_id, user_id, action, at, ip, user_agent) VALUES ($1, $2, 'granted', $3, NULL, 'demo seed')`,
      [tenantId, userId, new Date(Date.parse(at) - 700 * 86_400_000)],
    );
  }
}

async function insertExpenses(
  em: EntityManager,
  tenantId: string,
  userId: string,
  tenant: DemoTenant,
  txns: SyntheticTransaction[],
  categories: Map<string, string>,
) {
  const CHUNK = 5000;
  for (let i = 0; i < txns.length; i += CHUNK) {
    const part = txns.slice(i, i + CHUNK);
    // occurredAt is the customer's local wall-clock time; PostgreSQL turns it into an instant in the tenant's zone.
    await rows(
      em,
      `INSERT INTO expenses (tenant_id, user_id, occurred_on, occurred_at, amount, currency, description, merchant, category_id, source, external_id)
       SELECT $1, $2, d.on_date::date, (d.local_ts::timestamp AT TIME ZONE $3), d.amount::numeric, $4, d.description, d.merchant, d.category_id::uuid, 'seed', d.external_id
         FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS d(on_date, local_ts, amount, description, merchant, category_id, external_id)`,
      [
        tenantId,
        userId,
        tenant.timezone,
        tenant.currency,
        part.map((t) => t.date),
        part.map((t) => t.occurredAt),
        part.map((t) => t.amount.toFixed(2)),
        part.map((t) => t.description),
        part.map((t) => t.merchant),
        part.map((t) => categories.get(t.category) ?? null),
        part.map((t) => `seed:${t.txnId}`),
      ],
    );
  }
}

/** Recurring monthly budgets near the customer's typical month, a little tight on dining and shopping. */
async function insertBudgets(
  em: EntityManager,
  tenantId: string,
  userId: string,
  txns: SyntheticTransaction[],
  categories: Map<string, string>,
) {
  const monthly = new Map<string, Map<string, number>>();
  for (const t of txns) {
    const month = t.date.slice(0, 7);
    const perCat = monthly.get(t.category) ?? new Map<string, number>();
    perCat.set(month, (perCat.get(month) ?? 0) + t.amount);
    monthly.set(t.category, perCat);
  }
  const tight = new Set(['Dining', 'Shopping', 'Entertainment']);
  for (const [category, months] of monthly) {
    const values = [...months.values()].sort((a, b) => a - b);
    if (values.length < 6) continue;
    const typical = values[Math.floor(values.length / 2)];
    const amount = Math.max(10, Math.round((typical * (tight.has(category) ? 0.9 : 1.15)) / 10) * 10);
    const categoryId = categories.get(category);
    if (!categoryId) continue;
    await rows(em, `INSERT INTO budgets (tenant_id, user_id, category_id, month, amount) VALUES ($1, $2, $3, NULL, $4)`, [
      tenantId,
      userId,
      categoryId,
      amount.toFixed(2),
    ]);
  }
}
