import { generateLedger } from '../synthetic';
import { toMatrix } from '../common/matrix';
import { autoencoderToOnnx, OnnxAutoencoderScorer, reconstructionErrors, trainAutoencoder } from './autoencoder';
import { analyzeCustomer, deserializeModel, scoreWithModel, serializeModel } from './ensemble';
import type { TransactionInput } from './features';
import { createRng } from '../common/rng';

function customer(seed: number, anomalyRate = 0.01): { inputs: TransactionInput[]; labels: (string | null)[] } {
  const led = generateLedger({ seed, customers: 1, anomalyRate });
  return {
    inputs: led.transactions.map((t) => ({ id: t.txnId, occurredAt: t.occurredAt, amount: t.amount, category: t.category, merchant: t.merchant, description: t.description })),
    labels: led.transactions.map((t) => t.anomaly),
  };
}

describe('autoencoder exported to ONNX', () => {
  it('onnxruntime scores equal the TypeScript forward pass to 1e-5', async () => {
    const rng = createRng(5);
    const X = toMatrix(Array.from({ length: 300 }, () => { const z = rng.normal(); return Array.from({ length: 8 }, (_, j) => z * (j % 3) + rng.normal(0, 0.2)); }));
    const { model, trainLoss, validationLoss } = trainAutoencoder(X, { seed: 1, epochs: 30 });
    expect(validationLoss[validationLoss.length - 1]).toBeLessThan(validationLoss[0]);
    expect(trainLoss.length).toBeGreaterThan(1);
    const scorer = await OnnxAutoencoderScorer.create(autoencoderToOnnx(model), 8);
    const onnxScores = await scorer.score(X);
    const tsScores = reconstructionErrors(model, X);
    tsScores.forEach((v, i) => expect(Math.abs(onnxScores[i] - v)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(v))));
    await scorer.release();
  });

  it('training is reproducible for a seed', () => {
    const X = toMatrix(Array.from({ length: 100 }, (_, i) => [Math.sin(i), Math.cos(i), i % 7]));
    const a = trainAutoencoder(X, { seed: 3, epochs: 5 });
    const b = trainAutoencoder(X, { seed: 3, epochs: 5 });
    expect(Array.from(a.model.layers[0].weights)).toEqual(Array.from(b.model.layers[0].weights));
  });
});

describe('analyzeCustomer', () => {
  const fixedNow = () => new Date('2026-11-01T02:00:00Z');

  it('ranks injected anomalies high, explains flags in plain words and stays within the flag budget', async () => {
    const { inputs, labels } = customer(11);
    const res = await analyzeCustomer(inputs, { seed: 1, now: fixedNow });
    expect(res.scored).toHaveLength(inputs.length);
    const anomalous = res.scored.filter((_, i) => labels[i]).map((s) => s.score);
    const normal = res.scored.filter((_, i) => !labels[i]).map((s) => s.score);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(anomalous)).toBeGreaterThan(mean(normal) + 0.2);
    const flagged = res.scored.filter((s) => s.flagged);
    expect(flagged.length / inputs.length).toBeLessThanOrEqual(0.03);
    for (const f of flagged) {
      expect(f.reasons.length).toBeGreaterThan(0);
      for (const k of ['lof', 'ocsvm', 'autoencoder'] as const) expect(f.detectors[k]).toBeGreaterThanOrEqual(0);
    }
    for (const s of res.scored) expect(s.score >= 0 && s.score <= 1).toBe(true);
    expect(res.timings['totalMs']).toBeGreaterThan(0);
  });

  it('flags a duplicate charge with a plain reason', async () => {
    const { inputs } = customer(12, 0);
    const base = inputs.filter((t) => t.category === 'Dining' && String(t.occurredAt).slice(11, 13) === '19')[30];
    const dupAt = String(base.occurredAt).slice(0, 14) + '55:00';
    const withDup = [...inputs, { ...base, id: 'dup-1', occurredAt: dupAt }];
    const res = await analyzeCustomer(withDup, { seed: 1 });
    const dup = res.scored.find((s) => s.txnId === 'dup-1');
    expect(dup?.reasons.some((r) => r.startsWith('second identical charge within'))).toBe(true);
    expect(dup?.flagged).toBe(true);
  });

  it('does not fill the quota on clean data', async () => {
    const { inputs } = customer(13, 0);
    const res = await analyzeCustomer(inputs, { seed: 1 });
    const rate = res.scored.filter((s) => s.flagged).length / inputs.length;
    expect(rate).toBeLessThan(0.01);
  });

  it('the model artifact round-trips and scores a new expense without retraining', async () => {
    const { inputs } = customer(14);
    const res = await analyzeCustomer(inputs, { seed: 1, now: fixedNow });
    const { onnx, metadataJson } = serializeModel(res.model);
    const model = deserializeModel(onnx, metadataJson);
    expect(model.metadata).toEqual(res.model.metadata);
    expect(model.metadata.featureNames.length).toBeGreaterThan(10);
    expect(model.metadata.onnx.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.metadata.createdAt).toBe('2026-11-01T02:00:00.000Z');
    expect(() => deserializeModel(new Uint8Array([1, 2, 3]), metadataJson)).toThrow(/checksum/);
    const grocery = inputs.filter((t) => t.category === 'Groceries').slice(-1)[0];
    const fresh: TransactionInput[] = [
      { ...grocery, id: 'new-normal', occurredAt: '2026-11-02T17:30:00', amount: grocery.amount },
      { ...grocery, id: 'new-spike', occurredAt: '2026-11-03T17:30:00', amount: Math.round(grocery.amount * 9 * 100) / 100 },
    ];
    const scored = await scoreWithModel(model, fresh, inputs);
    expect(scored.map((s) => s.txnId)).toEqual(['new-normal', 'new-spike']);
    expect(scored[1].score).toBeGreaterThan(scored[0].score);
    expect(scored[1].flagged).toBe(true);
    expect(scored[1].reasons.join(' ')).toMatch(/x your usual Groceries spend/);
    expect(scored[0].flagged).toBe(false);
  });
});
