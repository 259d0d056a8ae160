/**
 * Offline Excel report of one user of a CSV ledger (API.md):
 *   npm run report -- --input <csv> --user <user_id> --out <xlsx> [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 *                     [--currency USD] [--locale en-US] [--timezone UTC] [--no-detect]
 * CSV columns as for `npm run analyze`: txn_id,user_id,date,timestamp,amount,category,merchant,description.
 * The user's transactions are scored by the anomaly ensemble (libs/ml) unless --no-detect; flagged ones appear as
 * unreviewed findings, so the cover calls it an operator's report. Budgets are the median month before the period.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { analyzeCustomer } from '@spendguard/ml';
import { buildReportWorkbook, isIsoDate, offlineReportData, type CsvTransaction, type ReportFinding } from '../src';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const USAGE = 'usage: npm run report -- --input <csv> --user <user_id> --out <xlsx> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--currency USD] [--locale en-US] [--no-detect]';

async function main() {
  const input = arg('input');
  const user = arg('user');
  const out = arg('out');
  if (!input || !user || !out) throw new Error(USAGE);
  const from = arg('from');
  const to = arg('to');
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw new Error(`--${name} must be a date as YYYY-MM-DD`);
  }
  if (from && to && from > to) throw new Error('--from must not be after --to');
  const started = performance.now();
  const records = parse(fs.readFileSync(path.resolve(process.cwd(), input)), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const transactions: CsvTransaction[] = records
    .filter((r) => r['user_id'] === user)
    .map((r, i) => {
      const date = (r['date'] ?? '').trim() || (r['timestamp'] ?? '').trim().slice(0, 10);
      const amount = Number(r['amount']);
      if (!isIsoDate(date)) throw new Error(`row ${r['txn_id'] ?? i + 1}: no valid date`);
      if (!Number.isFinite(amount)) throw new Error(`row ${r['txn_id'] ?? i + 1}: amount is not a number`);
      return {
        txnId: r['txn_id'] || `row-${i + 1}`,
        userId: user,
        date,
        timestamp: (r['timestamp'] ?? '').trim() || undefined,
        amount,
        category: r['category'] ?? '',
        merchant: r['merchant'] ?? '',
        description: r['description'] ?? '',
      };
    });
  if (!transactions.length) throw new Error(`No transactions for user ${user} in ${input}`);

  let findings: ReportFinding[] = [];
  const detect = !process.argv.includes('--no-detect') && transactions.length >= 3;
  if (detect) {
    const positive = transactions.filter((t) => t.amount > 0);
    const res = await analyzeCustomer(
      positive.map((t) => ({ id: t.txnId, occurredAt: t.timestamp || t.date, amount: t.amount, category: t.category || null, merchant: t.merchant || null, description: t.description })),
      { flagBudget: 0.02, seed: user },
    );
    const generatedAt = new Date().toISOString();
    findings = res.scored
      .map((s, i) => ({ s, t: positive[i] }))
      .filter(({ s }) => s.flagged)
      .map(({ s, t }) => ({
        id: t.txnId,
        type: 'anomaly',
        severity: s.score >= 0.9 ? 'high' : s.score >= 0.75 ? 'medium' : 'low',
        score: s.score,
        status: 'unreviewed',
        title: `Unusual expense at ${t.merchant || t.description}`,
        message: `${t.amount.toFixed(2)} on ${t.date} stands out against this customer's history.`,
        reasons: s.reasons,
        createdAt: generatedAt,
        decidedAt: null,
        dismissReason: null,
        expenseIds: [t.txnId],
      }));
  }
  const data = offlineReportData({
    userId: user,
    transactions,
    from,
    to,
    currency: arg('currency'),
    locale: arg('locale'),
    timezone: arg('timezone'),
    audience: detect ? 'operator' : 'customer',
    findings,
  });
  data.includesPending = detect;
  const xlsx = await buildReportWorkbook(data);
  const target = path.resolve(process.cwd(), out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, xlsx);
  console.log(
    JSON.stringify({
      input,
      user,
      out,
      period: data.period,
      transactions: data.expenses.length,
      findings: findings.length,
      bytes: xlsx.length,
      ms: Math.round(performance.now() - started),
    }),
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
