/**
 * Writes a seeded synthetic ledger (libs/ml's generator) as the CSV `npm run analyze` and `npm run report` read:
 *   node -r ./tools/ts-register.cjs tools/ci/synthetic-ledger.ts --seed 7 --customers 2 --out ledger.csv
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateLedger } from '@spendguard/ml';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const out = arg('out');
if (!out) {
  console.error('usage: tools/ci/synthetic-ledger.ts --out <csv> [--seed 7] [--customers 1] [--months 24] [--end 2026-10-31]');
  process.exit(2);
}
const ledger = generateLedger({
  seed: arg('seed', '7') as string,
  customers: Number(arg('customers', '1')),
  months: Number(arg('months', '24')),
  endDate: arg('end', '2026-10-31'),
});
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const lines = ['txn_id,user_id,date,timestamp,amount,category,merchant,description'];
for (const t of ledger.transactions) {
  lines.push([t.txnId, t.userId, t.date, t.occurredAt, t.amount.toFixed(2), t.category, t.merchant, t.description].map(quote).join(','));
}
fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
fs.writeFileSync(path.resolve(out), `${lines.join('\n')}\n`);
console.log(JSON.stringify({ out, customers: ledger.customers.map((c) => c.userId), transactions: ledger.transactions.length }));
