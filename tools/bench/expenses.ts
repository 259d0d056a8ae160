// bench:expenses — 100,000 expenses for one customer on a real PostgreSQL, through the real HTTP stack:
// batch ingestion (5,000 per call), the first page of filtered lists (p99), and a 100,000-row CSV import
// (wall time and the API process's peak RSS). The API runs in this process on a loopback port, so its memory
// is this process's memory. Prints one JSON object as the last line of stdout.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { createRng } from '@spendguard/ml';
import { hashPassword } from '@spendguard/server-core';
import { provisionTenant, rows, runInTenant } from '@spendguard/server-data';
import { startInProcessApi } from './in-process-api';



const TOTAL = 100_000;
const BATCH = 5_000;
const BATCH_CONCURRENCY = 2;
const LIST_RUNS = 200;
const PASSWORD = 'Bench-password-1';

const MERCHANTS = [
  ['Whole Foods', 'Groceries'], ['Trader Joes', 'Groceries'], ['Safeway', 'Groceries'], ['Starbucks', 'Dining'],
  ['Chipotle', 'Dining'], ['Olive Garden', 'Dining'], ['Uber', 'Transport'], ['Shell', 'Transport'], ['Amtrak', 'Transport'],
  ['Netflix', 'Subscriptions'], ['Spotify', 'Subscriptions'], ['Amazon', 'Shopping'], ['Target', 'Shopping'], ['IKEA', 'Shopping'],
  ['CVS Pharmacy', 'Health'], ['City Dental', 'Health'], ['Delta Airlines', 'Travel'], ['Marriott', 'Travel'], ['AMC Theatres', 'Entertainment'],
  ['Steam', 'Entertainment'], ['Coursera', 'Education'], ['Great Clips', 'Personal care'], ['Etsy', 'Gifts'], ['Bank fee', 'Fees'],
  ['Con Edison', 'Utilities'], ['Verizon', 'Utilities'], ['Landlord LLC', 'Housing'], ['Local market', 'Groceries'],
] as const;
const WORDS = ['weekly', 'lunch', 'order', 'refill', 'ticket', 'monthly', 'snacks', 'supplies', 'dinner', 'gift', 'ride', 'plan'];


function dayOffset(start: Date, days: number): string {
  return new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

function expense(random: () => number, i: number) {
  const [merchant, category] = MERCHANTS[Math.floor(random() * MERCHANTS.length)];
  const cents = 100 + Math.floor(random() * random() * 30_000);
  return {
    date: dayOffset(new Date('2022-01-01T00:00:00Z'), Math.floor(random() * 3 * 365)),
    amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    description: `${merchant} ${WORDS[Math.floor(random() * WORDS.length)]} #${i}`,
    merchant,
    category,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timeIt(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const { base, owner, machine, close } = await startInProcessApi();
  try {
    const tenantId = await provisionTenant(owner, { slug: 'bench', name: 'Bench Bank', currency: 'USD', timezone: 'America/New_York' });
    const hash = await hashPassword(PASSWORD, 4);
    await runInTenant(owner, { tenantId }, (em) =>
      rows(
        em,
        `INSERT INTO users (tenant_id, email, role, display_name, password_hash)
         SELECT $1, e, 'customer', split_part(e, '@', 1), $2 FROM unnest($3::text[]) AS e`,
        [tenantId, hash, ['ledger@bench.test', 'importer@bench.test']],
      ),
    );
    const token = async (email: string) => {
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'bench', email, password: PASSWORD }),
      });
      if (!res.ok) throw new Error(`login failed: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const ledger = await token('ledger@bench.test');
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });

    // ---- CSV import of 100,000 rows (first, so that its peak RSS is not the leftovers of the other phases) ---------
    const importer = await token('importer@bench.test');
    const csvRandom = createRng(7).next;
    const lines = ['Date,Description,Merchant,Amount,Category'];
    for (let i = 0; i < TOTAL; i++) {
      const e = expense(csvRandom, i);
      const [y, m, d] = e.date.split('-');
      lines.push(`${m}/${d}/${y},"${e.description}",${e.merchant},-${e.amount},${e.category}`);
    }
    const csv = Buffer.from(lines.join('\n') + '\n');
    lines.length = 0;
    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
    let importResult: { created: number; invalid: number; duplicates: number } = { created: 0, invalid: 0, duplicates: 0 };
    const csvMs = await timeIt(async () => {
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
      form.append('dryRun', 'false');
      const res = await fetch(`${base}/imports/csv`, { method: 'POST', headers: auth(importer), body: form });
      if (!res.ok) throw new Error(`import failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
      importResult = (await res.json()) as typeof importResult;
    });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (importResult.created + importResult.duplicates !== TOTAL || importResult.invalid) {
      throw new Error(`import created ${importResult.created}, ${importResult.duplicates} duplicates, ${importResult.invalid} invalid`);
    }

    // ---- batch ingestion: 20 calls of 5,000, two in flight (a client pipelining its uploads) ----------------------
    const random = createRng(42).next;
    const bodies: string[] = [];
    for (let start = 0; start < TOTAL; start += BATCH) {
      const items = Array.from({ length: BATCH }, (_, k) => {
        const e = expense(random, start + k);
        return { externalId: `bench-${start + k}`, occurredAt: e.date, amount: e.amount, description: e.description, merchant: e.merchant, category: e.category };
      });
      bodies.push(JSON.stringify({ items }));
    }
    let created = 0;
    let next = 0;
    const send = async (): Promise<void> => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await fetch(`${base}/expenses/batch`, { method: 'POST', headers: { ...auth(ledger), 'content-type': 'application/json' }, body });
        if (!res.ok) throw new Error(`batch failed: ${res.status} ${await res.text()}`);
        const result = (await res.json()) as { created: number; failed: unknown[] };
        if (result.failed.length) throw new Error(`batch items failed: ${JSON.stringify(result.failed.slice(0, 3))}`);
        created += result.created;
      }
    };
    const ingestMs = await timeIt(async () => {
      await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, send));
    });
    bodies.length = 0;
    if (created !== TOTAL) throw new Error(`expected ${TOTAL} created, got ${created}`);
    await owner.query('VACUUM ANALYZE expenses');
    await owner.query('VACUUM ANALYZE expense_revisions');
    await owner.query('CHECKPOINT'); // write the ingested pages out now, not as a checkpoint in the middle of the lists
    // The client shares this process with the API: collect the ingestion phases' garbage (some 100 MB of request
    // bodies and results) now rather than in the middle of the list timings (npm run bench:expenses passes --expose-gc).
    global.gc?.();

    // ---- first page of filtered lists --------------------------------------------------------------------------
    const categories = (await (await fetch(`${base}/categories`, { headers: auth(ledger) })).json()) as { items: Array<{ id: string; name: string }> };
    const dining = categories.items.find((c) => c.name === 'Dining')?.id as string;
    const shapes: Record<string, Record<string, string>> = {
      dateRange: { from: '2023-04-01', to: '2023-06-30' },
      categoryAndRange: { categoryId: dining, from: '2023-01-01', to: '2023-12-31' },
      textSearch: { q: 'starbucks lunch' },
      amountRangeByAmount: { minAmount: '50', maxAmount: '150', sort: '-amount' },
      unfiltered: {},
    };
    const lists: Record<string, { p50Ms: number; p99Ms: number; total: number }> = {};
    for (const [name, query] of Object.entries(shapes)) {
      const url = `${base}/expenses?${new URLSearchParams(query).toString()}`;
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < LIST_RUNS + 10; i++) {
        const ms = await timeIt(async () => {
          const res = await fetch(url, { headers: auth(ledger) });
          if (!res.ok) throw new Error(`list failed: ${res.status}`);
          total = ((await res.json()) as { total: number }).total;
        });
        if (i >= 10) times.push(ms); // the first requests warm caches and the JIT
      }
      times.sort((a, b) => a - b);
      lists[name] = { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), total };
    }
    const filtered = Object.entries(lists).filter(([name]) => name !== 'unfiltered');
    const listP99Ms = Math.max(...filtered.map(([, v]) => v.p99Ms));

    const result = {
      listP99Ms,
      batchRowsPerSecond: Math.round(TOTAL / (ingestMs / 1000)),
      csv100kSeconds: round(csvMs / 1000),
      csvPeakRssMb: Math.round(peakRss / 1024 / 1024),
      context: {
        expenses: TOTAL,
        batchSize: BATCH,
        batchConcurrency: BATCH_CONCURRENCY,
        listRuns: LIST_RUNS,
        lists,
        csvBytes: csv.length,
        csvCreated: importResult.created,
        csvDuplicates: importResult.duplicates,
        processMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        loadAverage: os.loadavg().map((l) => round(l)),
        ...machine(),
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await close();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:expenses failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
