/**
 * Evaluate the anomaly detectors, the ensemble and the baselines.
 *   npm run ml:eval -- --dataset synthetic [--seed 20261122] [--customers 40]
 *   npm run ml:eval -- --dataset odds:cardio
 *   npm run ml:eval -- --dataset ../shared/datasets/odds/csv/cardio.csv
 * Prints one JSON document on stdout.
 */
import * as path from 'node:path';
import {
  analyzeCustomer,
  ANOMALY_KINDS,
  applyScaler,
  averagePrecision,
  fitIsolationForest,
  fitLof,
  fitOneClassSvm,
  fitStandardScaler,
  generateLedger,
  isolationForestBaseline,
  ocsvmDecision,
  precisionAtK,
  recallAtK,
  reconstructionErrors,
  robustZBaseline,
  rocAuc,
  scoreIsolationForest,
  toMatrix,
  trainAutoencoder,
  type SyntheticTransaction,
  type TransactionInput,
} from '@spendguard/ml';
import { readNumericCsv } from '../src/lib/common/csv';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

function summary(labels: number[], scores: ArrayLike<number>, extra: Record<string, unknown> = {}) {
  const k = labels.reduce((a, b) => a + b, 0);
  return { rocAuc: r4(rocAuc(labels, scores)), averagePrecision: r4(averagePrecision(labels, scores)), precisionAtK: r4(precisionAtK(labels, scores, k)), k, ...extra };
}

async function evalSynthetic() {
  const seed = Number(arg('seed', '20261122'));
  const customers = Number(arg('customers', '40'));
  const ledger = generateLedger({ seed, customers });
  const byUser = new Map<string, SyntheticTransaction[]>();
  for (const t of ledger.transactions) {
    const list = byUser.get(t.userId) ?? [];
    list.push(t);
    byUser.set(t.userId, list);
  }
  const labels: number[] = [];
  const kinds: (string | null)[] = [];
  const lookalikes: (string | null)[] = [];
  const scores: Record<string, number[]> = { ensemble: [], lof: [], ocsvm: [], autoencoder: [], profile: [], robustZ: [], isolationForest: [] };
  const flagged: boolean[] = [];
  const times: Record<string, number> = {};
  for (const txns of byUser.values()) {
    const inputs: TransactionInput[] = txns.map((t) => ({ id: t.txnId, occurredAt: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description }));
    const res = await analyzeCustomer(inputs, { seed });
    for (const [k, v] of Object.entries(res.timings)) times[k] = (times[k] ?? 0) + v;
    let t0 = performance.now();
    const rz = robustZBaseline(inputs);
    times['robustZMs'] = (times['robustZMs'] ?? 0) + performance.now() - t0;
    t0 = performance.now();
    const iso = isolationForestBaseline(inputs, seed);
    times['isolationForestMs'] = (times['isolationForestMs'] ?? 0) + performance.now() - t0;
    txns.forEach((t, i) => {
      labels.push(t.anomaly ? 1 : 0);
      kinds.push(t.anomaly);
      lookalikes.push(t.lookalike ?? null);
      const s = res.scored[i];
      scores['ensemble'].push(s.score);
      scores['lof'].push(s.detectors.lof);
      scores['ocsvm'].push(s.detectors.ocsvm);
      scores['autoencoder'].push(s.detectors.autoencoder);
      scores['profile'].push(s.detectors.profile);
      scores['robustZ'].push(rz[i]);
      scores['isolationForest'].push(iso[i]);
      flagged.push(s.flagged);
    });
  }
  const k = labels.reduce((a, b) => a + b, 0);
  const detectors: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(scores)) {
    const recallByKind: Record<string, number> = {};
    for (const kind of ANOMALY_KINDS) recallByKind[kind] = r4(recallAtK(labels, s, k, (i) => kinds[i] === kind));
    detectors[name] = summary(labels, s, { recallAtKByKind: recallByKind });
  }
  // The flags themselves (budgeted, evidence-gated).
  const nFlag = flagged.filter(Boolean).length;
  const tpFlag = flagged.filter((f, i) => f && labels[i]).length;
  const recallFlagByKind: Record<string, number> = {};
  for (const kind of ANOMALY_KINDS) {
    const total = kinds.filter((x) => x === kind).length;
    recallFlagByKind[kind] = r4(flagged.filter((f, i) => f && kinds[i] === kind).length / total);
  }
  const lookalikeFlags: Record<string, number> = {};
  lookalikes.forEach((l, i) => {
    if (l && flagged[i]) lookalikeFlags[l] = (lookalikeFlags[l] ?? 0) + 1;
  });
  return {
    dataset: 'synthetic',
    seed,
    customers,
    transactions: labels.length,
    anomalies: k,
    detectors,
    flags: {
      flagRate: r4(nFlag / labels.length),
      flagged: nFlag,
      precision: r4(tpFlag / Math.max(1, nFlag)),
      recall: r4(tpFlag / k),
      recallByKind: recallFlagByKind,
      lookalikesFlagged: lookalikeFlags,
    },
    timeMs: Object.fromEntries(Object.entries(times).map(([a, b]) => [a, Math.round(b)])),
  };
}

function ecdfRanks(xs: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const out = new Float64Array(xs.length);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]] === xs[idx[i]]) j++;
    for (let t = i; t <= j; t++) out[idx[t]] = ((i + j) / 2 + 1) / (xs.length + 1);
    i = j + 1;
  }
  return out;
}

async function evalTable(file: string, name: string) {
  const { X: rows, y } = readNumericCsv(file);
  const raw = toMatrix(rows);
  const std = applyScaler(fitStandardScaler(raw), raw);
  const out: Record<string, unknown> = {};
  const scores: Record<string, Float64Array> = {};
  const time = (label: string, f: () => Float64Array) => {
    const t0 = performance.now();
    scores[label] = f();
    out[label] = summary(y, scores[label], { timeMs: Math.round(performance.now() - t0) });
  };
  // Parameters (scikit-learn equivalents):
  //   LOF: LocalOutlierFactor(n_neighbors=20, algorithm='brute', metric='euclidean') on the raw features, -negative_outlier_factor_
  //   OCSVM: OneClassSVM(kernel='rbf', nu=0.5, gamma='scale', tol=1e-3) on StandardScaler features, -decision_function
  time('lof', () => fitLof(raw, 20).scores);
  const t0 = performance.now();
  const svm = await fitOneClassSvm(std, { nu: 0.5, gamma: 'scale', tolerance: 1e-3 });
  const dec = ocsvmDecision(svm, std).map((v) => -v);
  scores['ocsvm'] = dec;
  out['ocsvm'] = summary(y, dec, { timeMs: Math.round(performance.now() - t0), supportVectors: svm.sv.rows });
  time('autoencoder', () => reconstructionErrors(trainAutoencoder(applyScaler(fitStandardScaler(raw), raw, 8), { seed: 1, epochs: 60 }).model, applyScaler(fitStandardScaler(raw), raw, 8)));
  time('isolationForest', () => scoreIsolationForest(fitIsolationForest(std, { seed: 1 }), std));
  // Ensemble as in the product: ECDF-calibrated detectors combined by the weighted geometric mean of tails.
  const cal = ['lof', 'ocsvm', 'autoencoder'].map((k) => ecdfRanks(scores[k]));
  const ens = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let lt = 0;
    for (const c of cal) lt += Math.log(1 - c[i]) / cal.length;
    ens[i] = 1 - Math.exp(lt);
  }
  out['ensemble'] = summary(y, ens);
  return {
    dataset: name,
    rows: y.length,
    features: raw.cols,
    anomalies: y.reduce((a, b) => a + b, 0),
    parameters: {
      lof: "LocalOutlierFactor(n_neighbors=20, algorithm='brute') on raw features",
      ocsvm: "OneClassSVM(kernel='rbf', nu=0.5, gamma='scale') on standardised features",
      autoencoder: 'd -> 0.75d -> d/3 -> 0.75d -> d, Adam, 60 epochs max, early stopping, seed 1, standardised features',
      isolationForest: '100 trees, 256 samples, seed 1, standardised features',
      ensemble: 'ECDF-calibrated LOF, OCSVM, autoencoder; geometric mean of tail probabilities',
    },
    detectors: out,
  };
}

async function main() {
  const dataset = arg('dataset', 'synthetic') as string;
  let result: unknown;
  if (dataset === 'synthetic') result = await evalSynthetic();
  else if (dataset.startsWith('odds:')) {
    const name = dataset.slice(5);
    result = await evalTable(path.resolve(process.cwd(), `../shared/datasets/odds/csv/${name}.csv`), name);
  } else result = await evalTable(path.resolve(process.cwd(), dataset), path.basename(dataset));
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
