// bench:reports — the Excel report of one customer over 10,000 transactions (seeded synthetic ledger from libs/ml:
// nine synthetic customers' 24 months merged into one household, the first 10,000 by date), with the ledger's
// planted anomalies as approved findings. Measures building the report data (monthly totals, forecasts, drift,
// recurring charges, category groups) and the workbook (sheets, native charts, the scatter PNG) in this process,
// and the process's peak RSS. Prints one JSON object as the last line of stdout.
import { performance } from 'node:perf_hooks';
import { generateLedger } from '@spendguard/ml';
import { buildReportWorkbook, fromSynthetic, offlineReportData, type ReportFinding } from '@spendguard/reports';

const TRANSACTIONS = 10_000;
const USER = 'household';

async function main(): Promise<void> {
  const ledger = generateLedger({ seed: 'bench-reports', customers: 9, months: 24, endDate: '2026-10-31' });
  const txns = [...ledger.transactions]
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.txnId.localeCompare(b.txnId))
    .slice(0, TRANSACTIONS);
  if (txns.length < TRANSACTIONS) throw new Error(`the ledger has only ${txns.length} transactions`);
  const rows = txns.map((t) => ({ ...fromSynthetic(t), userId: USER }));
  const findings: ReportFinding[] = txns
    .filter((t) => t.anomaly)
    .map((t) => ({
      id: `finding-${t.txnId}`,
      type: 'anomaly',
      severity: 'medium',
      score: 0.8,
      status: 'approved',
      title: `Unusual expense at ${t.merchant}`,
      message: `${t.amount.toFixed(2)} on ${t.date}`,
      reasons: [String(t.anomaly)],
      createdAt: `${t.date}T12:00:00.000Z`,
      decidedAt: `${t.date}T15:00:00.000Z`,
      dismissReason: null,
      expenseIds: [t.txnId],
    }));
  const from = rows[0].date;
  const to = rows[rows.length - 1].date;

  const started = performance.now();
  const data = offlineReportData({ userId: USER, transactions: rows, from, to, findings, audience: 'customer' });
  const xlsx = await buildReportWorkbook(data);
  const seconds = (performance.now() - started) / 1000;

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      transactions: data.expenses.length,
      seconds: Math.round(seconds * 1000) / 1000,
      peakRssMb: Math.round(peakRssMb),
      period: data.period,
      findings: findings.length,
      categories: data.monthlyByCategory.length,
      bytes: xlsx.length,
    }),
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
