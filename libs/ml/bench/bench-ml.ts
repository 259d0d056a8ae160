/**
 * npm run bench:ml: the whole per-customer anomaly analysis (features, LOF, one-class SVM, autoencoder training,
 * ONNX export + onnxruntime scoring, ensemble, reasons) for one customer with 1,000 and 10,000 transactions over
 * 24 months. Prints {"cases": [{name, transactions, medianMs, p99Ms, peakRssMb}]} as the last line of stdout.
 */
import { analyzeCustomer, generateLedger, type SyntheticTransaction, type TransactionInput } from '@spendguard/ml';

function customerWith(n: number, seed: number): TransactionInput[] {
  // Merge several synthetic customers' spending into one history of about n transactions (24 months).
  const out: SyntheticTransaction[] = [];
  for (let c = 1; out.length < n; c++) out.push(...generateLedger({ seed, customers: 1, firstCustomerIndex: c }).transactions);
  out.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  // Even subsample so that the history spans the full 24 months.
  const picked = Array.from({ length: n }, (_, i) => out[Math.floor((i * out.length) / n)]);
  return picked.map((t, i) => ({ id: `b${i}`, occurredAt: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description }));
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}

async function runCase(name: string, n: number, reps: number) {
  const history = customerWith(n, 7);
  await analyzeCustomer(history, { seed: 1 }); // warm-up (JIT, wasm, onnxruntime)
  const times: number[] = [];
  let peak = process.memoryUsage().rss;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await analyzeCustomer(history, { seed: r + 1 });
    times.push(performance.now() - t0);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { name, transactions: history.length, medianMs: Math.round(quantile(times, 0.5) * 10) / 10, p99Ms: Math.round(quantile(times, 0.99) * 10) / 10, peakRssMb: Math.round(peak / 1048576) };
}

async function main() {
  const cases = [await runCase('one customer, 1,000 transactions, 24 months', 1000, 21), await runCase('one customer, 10,000 transactions, 24 months', 10000, 5)];
  console.log(JSON.stringify({ cases }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
