/**
 * npm run ml:eval:drift: false-alarm rate on synthetic customers with only normal behaviour (seasonality,
 * price changes, subscription churn included) and detection rate with an injected regime shift (a new
 * large recurring category; a doubled category), at several evaluation dates. Prints one JSON object.
 */
import { createRng } from '../src/lib/common';
import { analyseDrift, injectRegimeShift, type DriftOptions, type RegimeShift } from '../src/lib/drift';
import { generateLedger } from '../src/lib/synthetic';
import type { ExpenseInput } from '../src/lib/common';

const customers = Number(process.env.DRIFT_CUSTOMERS ?? 200);
const seed = process.env.DRIFT_SEED ?? 'drift-eval';
const asOfDates = ['2026-10-31', '2026-07-15', '2026-03-31', '2025-12-20'];
const options: DriftOptions = {};
if (process.env.DRIFT_FLOOR) options.jsFloor = Number(process.env.DRIFT_FLOOR);
if (process.env.DRIFT_MARGIN) options.nullMargin = Number(process.env.DRIFT_MARGIN);
if (process.env.DRIFT_Q) options.nullQuantile = Number(process.env.DRIFT_Q);
if (process.env.DRIFT_CQ) options.categoryQuantile = Number(process.env.DRIFT_CQ);
if (process.env.DRIFT_CM) options.categoryMargin = Number(process.env.DRIFT_CM);
if (process.env.DRIFT_MAT) options.minMaterial = Number(process.env.DRIFT_MAT);

const t0 = performance.now();
const ledger = generateLedger({ seed, customers, months: 24, endDate: '2026-10-31', anomalyRate: 0 });
const byUser = new Map<string, ExpenseInput[]>();
for (const t of ledger.transactions) {
  let l = byUser.get(t.userId);
  if (!l) byUser.set(t.userId, (l = []));
  l.push({ id: t.txnId, occurredAt: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description });
}
const rng = createRng(`${seed}:inject`);
const counts = { normal: { n: 0, alarms: 0 }, new_recurring_category: { n: 0, alarms: 0, named: 0 }, doubled_category: { n: 0, alarms: 0, named: 0 } };
const jsNormal: number[] = [];
let insufficient = 0;
for (const [, txns] of byUser) {
  for (const asOf of asOfDates) {
    const upto = txns.filter((t) => String(t.occurredAt).slice(0, 10) <= asOf);
    const base = analyseDrift(upto, { ...options, asOf });
    if (!base.sufficient) {
      insufficient++;
      continue;
    }
    counts.normal.n++;
    jsNormal.push(base.js);
    if (base.alarm) counts.normal.alarms++;
    for (const kind of ['new_recurring_category', 'doubled_category'] as RegimeShift[]) {
      const shifted = injectRegimeShift(upto, kind, rng, asOf);
      const r = analyseDrift(shifted.transactions, { ...options, asOf });
      counts[kind].n++;
      if (r.alarm) {
        counts[kind].alarms++;
        if (r.categories.slice(0, 3).some((c) => c.category === shifted.category)) counts[kind].named++;
      }
    }
  }
}
const rate = (a: number, n: number) => (n ? Math.round((a / n) * 1e4) / 1e4 : null);
const falseAlarmRate = rate(counts.normal.alarms, counts.normal.n);
const detNew = rate(counts.new_recurring_category.alarms, counts.new_recurring_category.n);
const detDouble = rate(counts.doubled_category.alarms, counts.doubled_category.n);
jsNormal.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    customers,
    evaluationDates: asOfDates,
    cases: counts.normal.n,
    insufficient,
    falseAlarmRate,
    detection: {
      new_recurring_category: detNew,
      doubled_category: detDouble,
      overall: rate(counts.new_recurring_category.alarms + counts.doubled_category.alarms, counts.new_recurring_category.n + counts.doubled_category.n),
      shiftedCategoryNamed: rate(counts.new_recurring_category.named + counts.doubled_category.named, counts.new_recurring_category.alarms + counts.doubled_category.alarms),
    },
    normalJs: { median: jsNormal[Math.floor(jsNormal.length / 2)], p90: jsNormal[Math.floor(jsNormal.length * 0.9)] },
    targets: { falseAlarmRateMax: 0.1, detectionMin: 0.9, pass: (falseAlarmRate ?? 1) <= 0.1 && (detNew ?? 0) >= 0.9 && (detDouble ?? 0) >= 0.9 },
    seconds: Math.round((performance.now() - t0) / 10) / 100,
  }),
);
