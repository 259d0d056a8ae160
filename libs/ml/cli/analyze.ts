/**
 * Offline equivalent of the analysis endpoint (API.md):
 *   npm run analyze -- --input <csv> --out <json> [--budget 0.02]
 * CSV columns txn_id,user_id,date,timestamp,amount,category,merchant,description (timestamp optional).
 * Each user is analysed separately; output {"transactions": [...], "forecasts": [], "drift": [], "timings": {...}}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCustomer, type TransactionInput } from '@spendguard/ml';
import { readCsvRecords } from '../src/lib/common/csv';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const input = arg('input');
  const out = arg('out');
  if (!input || !out) throw new Error('usage: npm run analyze -- --input <csv> --out <json> [--budget 0.02]');
  const budget = Number(arg('budget') ?? 0.02);
  const records = readCsvRecords(path.resolve(process.cwd(), input));
  const start = performance.now();
  const byUser = new Map<string, { txnId: string; input: TransactionInput }[]>();
  for (const r of records) {
    const ts = (r['timestamp'] ?? '').trim();
    const date = (r['date'] ?? '').trim();
    const occurredAt = ts || date;
    if (!occurredAt) throw new Error(`row ${r['txn_id']}: no date or timestamp`);
    const list = byUser.get(r['user_id']) ?? [];
    list.push({
      txnId: r['txn_id'],
      input: { id: r['txn_id'], occurredAt, amount: Number(r['amount']), category: r['category'] || null, merchant: r['merchant'] || null, description: r['description'] ?? '' },
    });
    byUser.set(r['user_id'], list);
  }
  const transactions: unknown[] = [];
  const timings: Record<string, number> = {};
  let skipped = 0;
  for (const [userId, rows] of byUser) {
    if (rows.length < 3) {
      skipped += rows.length;
      for (const r of rows) transactions.push({ txn_id: r.txnId, user_id: userId, score: 0, flagged: false, detectors: { lof: null, ocsvm: null, autoencoder: null }, reasons: ['not enough history to analyse'] });
      continue;
    }
    const res = await analyzeCustomer(rows.map((r) => r.input), { flagBudget: budget, seed: userId });
    for (const [k, v] of Object.entries(res.timings)) if (k !== 'totalMs') timings[k] = (timings[k] ?? 0) + v;
    res.scored.forEach((s, i) => {
      transactions.push({
        txn_id: rows[i].txnId,
        user_id: userId,
        score: Math.round(s.score * 1e6) / 1e6,
        flagged: s.flagged,
        detectors: { lof: s.detectors.lof, ocsvm: s.detectors.ocsvm, autoencoder: s.detectors.autoencoder, profile: s.detectors.profile },
        reasons: s.reasons,
      });
    });
  }
  const totalMs = performance.now() - start;
  const result = {
    transactions,
    forecasts: [],
    drift: [],
    timings: { totalMs: Math.round(totalMs), users: byUser.size, skippedTransactions: skipped, ...Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])) },
  };
  fs.mkdirSync(path.dirname(path.resolve(process.cwd(), out)), { recursive: true });
  fs.writeFileSync(path.resolve(process.cwd(), out), JSON.stringify(result));
  const flagged = (transactions as { flagged: boolean }[]).filter((t) => t.flagged).length;
  console.log(JSON.stringify({ input, out, users: byUser.size, transactions: transactions.length, flagged, totalMs: Math.round(totalMs) }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
