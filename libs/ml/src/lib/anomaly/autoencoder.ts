import { onnx } from 'onnx-proto';
import { createRng } from '../common/rng';
import type { Matrix } from '../common/matrix';

/**
 * A small dense autoencoder trained here (Adam, mini-batches, early stopping on a validation split, seeded),
 * exported to ONNX (Gemm/Relu/Tanh plus the per-row reconstruction error inside the graph) and scored with
 * onnxruntime-node. Weights are kept as float32 after training so that the TypeScript forward pass and the ONNX
 * model compute the same function.
 */
export type Activation = 'relu' | 'tanh' | 'linear';

export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** outputs x inputs, row-major (ONNX Gemm with transB = 1). */
  weights: Float32Array;
  bias: Float32Array;
  activation: Activation;
}

export interface AutoencoderModel {
  inputDim: number;
  layers: DenseLayer[];
}

export interface AutoencoderTrainOptions {
  /** Encoder widths; the decoder mirrors them (default [max(4, d·0.75), max(2, d/3)]). */
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  patience?: number;
  validationSplit?: number;
  /** L2 weight decay. */
  l2?: number;
  seed?: number | string;
  /** Cap on training rows used per epoch (a random subset each epoch), to bound time on long histories. */
  maxRowsPerEpoch?: number;
}

export interface AutoencoderTraining {
  model: AutoencoderModel;
  trainLoss: number[];
  validationLoss: number[];
  bestEpoch: number;
  bestValidationLoss: number;
}

interface DenseF64 {
  inputs: number;
  outputs: number;
  w: Float64Array;
  b: Float64Array;
  activation: Activation;
}

/**
 * Forward pass of n rows through the layers into preallocated activation buffers (acts[0] = input, acts[l + 1] =
 * output of layer l, each with room for at least n rows). Monomorphic on Float64Array, no allocation: the training
 * loop calls it for every mini-batch.
 */
function forwardInto(layers: readonly DenseF64[], acts: Float64Array[], n: number): void {
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l];
    const cur = acts[l];
    const out = acts[l + 1];
    const nin = L.inputs;
    const nout = L.outputs;
    const w = L.w;
    const b = L.b;
    for (let r = 0; r < n; r++) {
      const xi = r * nin;
      const ro = r * nout;
      for (let o = 0; o < nout; o++) {
        let s = b[o];
        const wo = o * nin;
        for (let i = 0; i < nin; i++) s += w[wo + i] * cur[xi + i];
        out[ro + o] = s;
      }
    }
    const m = n * nout;
    if (L.activation === 'relu') for (let i = 0; i < m; i++) out[i] = out[i] > 0 ? out[i] : 0;
    else if (L.activation === 'tanh') for (let i = 0; i < m; i++) out[i] = Math.tanh(out[i]);
  }
}

/** Activation buffers for up to `rows` rows: the input followed by each layer's output. */
function activationBuffers(layers: readonly DenseF64[], rows: number): Float64Array[] {
  return [new Float64Array(rows * layers[0].inputs), ...layers.map((L) => new Float64Array(rows * L.outputs))];
}

function layerView(model: AutoencoderModel) {
  return model.layers.map((L): DenseF64 => ({
    inputs: L.inputs,
    outputs: L.outputs,
    w: Float64Array.from(L.weights),
    b: Float64Array.from(L.bias),
    activation: L.activation,
  }));
}

/** Per-row mean squared reconstruction error (the anomaly score). */
export function reconstructionErrors(model: AutoencoderModel, X: Matrix): Float64Array {
  if (X.cols !== model.inputDim) throw new Error(`expected ${model.inputDim} columns, got ${X.cols}`);
  const layers = layerView(model);
  const d = X.cols;
  const out = new Float64Array(X.rows);
  // Rows are independent: a block at a time through small reused buffers.
  const block = Math.min(256, X.rows);
  const acts = activationBuffers(layers, block);
  const x = acts[0];
  const rec = acts[acts.length - 1];
  for (let from = 0; from < X.rows; from += block) {
    const n = Math.min(block, X.rows - from);
    x.set(X.data.subarray(from * d, (from + n) * d));
    forwardInto(layers, acts, n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = rec[r * d + c] - x[r * d + c];
        s += t * t;
      }
      out[from + r] = s / d;
    }
  }
  return out;
}

/** A layer while training: float64 weights with their gradients and Adam moments. */
interface TrainLayer extends DenseF64 {
  gw: Float64Array;
  gb: Float64Array;
  mw: Float64Array;
  vw: Float64Array;
  mb: Float64Array;
  vb: Float64Array;
}

// The training loop is split into small top-level functions on purpose: one large function with closures
// made per call took V8 hundreds of milliseconds to optimise, on a background thread, and was deoptimised again on
// the next customer's call (a closure is a new call target each time), so most epochs ran unoptimised, allocating a
// heap number per arithmetic result. Small monomorphic functions are optimised once and stay optimised.

/** Rows idx[from..to) of X into out (row-major). */
function gatherRows(X: Matrix, idx: number[], from: number, to: number, out: Float64Array): void {
  const d = X.cols;
  const xd = X.data;
  for (let i = from; i < to; i++) {
    const r = idx[i] * d;
    const o = (i - from) * d;
    for (let c = 0; c < d; c++) out[o + c] = xd[r + c];
  }
}

/**
 * dLoss/dOutput of the mean squared error over the batch and features into `top`; returns `lossSoFar` plus the
 * batch's summed squared error (added term by term, so an epoch's loss sums in the same order as one long loop).
 */
function outputDelta(out: Float64Array, x: Float64Array, top: Float64Array, size: number, lossSoFar: number): number {
  let loss = lossSoFar;
  for (let i = 0; i < size; i++) {
    const e = out[i] - x[i];
    loss += e * e;
    top[i] = (2 * e) / size;
  }
  return loss;
}

/**
 * Back through one layer: delta (n x outputs, in place through the activation) gives the weight and bias
 * gradients and, when `prev` is given, the gradient for the layer below (computed with the weights before update).
 */
function backwardLayer(L: TrainLayer, a: Float64Array, inp: Float64Array, delta: Float64Array, prev: Float64Array | null, n: number): void {
  const nin = L.inputs;
  const nout = L.outputs;
  const m = n * nout;
  if (L.activation === 'relu') for (let i = 0; i < m; i++) delta[i] = a[i] > 0 ? delta[i] : 0;
  else if (L.activation === 'tanh') for (let i = 0; i < m; i++) delta[i] *= 1 - a[i] * a[i];
  const gw = L.gw;
  const gb = L.gb;
  const w = L.w;
  gw.fill(0);
  gb.fill(0);
  if (prev) {
    prev.fill(0, 0, n * nin);
    for (let r = 0; r < n; r++) {
      const xi = r * nin;
      const ro = r * nout;
      for (let o = 0; o < nout; o++) {
        const g = delta[ro + o];
        if (g === 0) continue;
        gb[o] += g;
        const wo = o * nin;
        for (let i = 0; i < nin; i++) {
          gw[wo + i] += g * inp[xi + i];
          prev[xi + i] += g * w[wo + i];
        }
      }
    }
  } else {
    for (let r = 0; r < n; r++) {
      const xi = r * nin;
      const ro = r * nout;
      for (let o = 0; o < nout; o++) {
        const g = delta[ro + o];
        if (g === 0) continue;
        gb[o] += g;
        const wo = o * nin;
        for (let i = 0; i < nin; i++) gw[wo + i] += g * inp[xi + i];
      }
    }
  }
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPS = 1e-8;

/** One Adam step (bias-corrected by c1 = 1 - β1^t, c2 = 1 - β2^t) with L2 weight decay on the weights. */
function adamUpdate(L: TrainLayer, lr: number, l2: number, c1: number, c2: number): void {
  const { w, b, gw, gb, mw, vw, mb, vb } = L;
  for (let i = 0; i < w.length; i++) {
    const g = gw[i] + l2 * w[i];
    mw[i] = BETA1 * mw[i] + (1 - BETA1) * g;
    vw[i] = BETA2 * vw[i] + (1 - BETA2) * g * g;
    w[i] -= (lr * (mw[i] / c1)) / (Math.sqrt(vw[i] / c2) + ADAM_EPS);
  }
  for (let i = 0; i < b.length; i++) {
    const g = gb[i];
    mb[i] = BETA1 * mb[i] + (1 - BETA1) * g;
    vb[i] = BETA2 * vb[i] + (1 - BETA2) * g * g;
    b[i] -= (lr * (mb[i] / c1)) / (Math.sqrt(vb[i] / c2) + ADAM_EPS);
  }
}

/** Mean squared reconstruction error of the n rows in acts[0] (forward pass into acts). */
function reconstructionMse(layers: readonly DenseF64[], acts: Float64Array[], n: number): number {
  forwardInto(layers, acts, n);
  const x = acts[0];
  const rec = acts[acts.length - 1];
  const size = n * layers[0].inputs;
  let s = 0;
  for (let i = 0; i < size; i++) s += (rec[i] - x[i]) ** 2;
  return s / size;
}

export function trainAutoencoder(X: Matrix, options: AutoencoderTrainOptions = {}): AutoencoderTraining {
  const d = X.cols;
  const rng = createRng(options.seed ?? 1);
  const hidden = options.hidden ?? [Math.max(4, Math.round(d * 0.75)), Math.max(2, Math.round(d / 3))];
  const widths = [d, ...hidden, ...hidden.slice(0, -1).reverse(), d];
  const epochs = options.epochs ?? 60;
  const batchSize = options.batchSize ?? 32;
  const lr = options.learningRate ?? 0.01;
  const patience = options.patience ?? 5;
  const l2 = options.l2 ?? 1e-5;

  // Layers in float64 while training.
  const layers: TrainLayer[] = [];
  for (let li = 0; li + 1 < widths.length; li++) {
    const inp = widths[li];
    const out = widths[li + 1];
    const last = li === widths.length - 2;
    const activation: Activation = last ? 'linear' : li === hidden.length - 1 ? 'tanh' : 'relu';
    const sd = Math.sqrt((activation === 'relu' ? 2 : 1) / inp);
    const w = new Float64Array(out * inp);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, sd);
    layers.push({
      inputs: inp, outputs: out, w, b: new Float64Array(out), activation,
      mw: new Float64Array(w.length), vw: new Float64Array(w.length), mb: new Float64Array(out), vb: new Float64Array(out),
      gw: new Float64Array(w.length), gb: new Float64Array(out),
    });
  }

  // Validation split (seeded shuffle).
  const order = rng.shuffle(Array.from({ length: X.rows }, (_, i) => i));
  const nVal = X.rows >= 20 ? Math.max(1, Math.round(X.rows * (options.validationSplit ?? 0.15))) : 0;
  const valIdx = order.slice(0, nVal);
  const trainIdx = order.slice(nVal);
  // All buffers are allocated once: activations for a mini-batch (and separately for the validation rows, whose
  // input never changes), and one gradient buffer per layer input. The arithmetic and its order are those of a
  // straightforward per-batch implementation, so the trained weights do not depend on this bookkeeping.
  const acts = activationBuffers(layers, batchSize);
  const deltas = acts.map((a) => new Float64Array(a.length));
  const valActs = activationBuffers(layers, nVal);
  gatherRows(X, valIdx, 0, nVal, valActs[0]);

  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights = layers.map((L) => ({ w: L.w.slice(), b: L.b.slice() }));
  let step = 0;
  let sinceBest = 0;
  const perEpoch = Math.min(trainIdx.length, options.maxRowsPerEpoch ?? Infinity);
  const xb = acts[0];
  const out = acts[acts.length - 1];
  const top = deltas[deltas.length - 1];

  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(trainIdx);
    let epochLoss = 0;
    for (let start = 0; start < perEpoch; start += batchSize) {
      const end = Math.min(perEpoch, start + batchSize);
      const n = end - start;
      gatherRows(X, trainIdx, start, end, xb);
      forwardInto(layers, acts, n);
      epochLoss = outputDelta(out, xb, top, n * d, epochLoss);
      for (let li = layers.length - 1; li >= 0; li--) backwardLayer(layers[li], acts[li + 1], acts[li], deltas[li + 1], li > 0 ? deltas[li] : null, n);
      step++;
      const c1 = 1 - BETA1 ** step;
      const c2 = 1 - BETA2 ** step;
      for (const L of layers) adamUpdate(L, lr, l2, c1, c2);
    }
    trainLoss.push(epochLoss / (perEpoch * d));
    const v = nVal ? reconstructionMse(layers, valActs, nVal) : trainLoss[trainLoss.length - 1];
    validationLoss.push(v);
    if (v < best - 1e-6) {
      best = v;
      bestEpoch = epoch;
      bestWeights = layers.map((L) => ({ w: L.w.slice(), b: L.b.slice() }));
      sinceBest = 0;
    } else if (++sinceBest >= patience) break;
  }

  const model: AutoencoderModel = {
    inputDim: d,
    layers: layers.map((L, i) => ({
      inputs: L.inputs,
      outputs: L.outputs,
      weights: Float32Array.from(bestWeights[i].w),
      bias: Float32Array.from(bestWeights[i].b),
      activation: L.activation,
    })),
  };
  return { model, trainLoss, validationLoss, bestEpoch, bestValidationLoss: best };
}

// ---------------------------------------------------------------------------------------------------------------
// ONNX export and scoring

const FLOAT = onnx.TensorProto.DataType.FLOAT;

function tensorInfo(name: string, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((v) => (typeof v === 'string' ? { dimParam: v } : { dimValue: v })) } } },
  };
}

/**
 * ONNX graph: input `x` [N, d] -> Gemm/activation layers -> `reconstruction` [N, d], and
 * `score` [N] = mean over features of (reconstruction - x)^2. Opset 17, IR version 8.
 */
export function autoencoderToOnnx(model: AutoencoderModel, docString = 'Spendguard transaction autoencoder'): Uint8Array {
  const nodes: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  let cur = 'x';
  model.layers.forEach((L, i) => {
    initializer.push({ name: `W${i}`, dataType: FLOAT, dims: [L.outputs, L.inputs], floatData: Array.from(L.weights) });
    initializer.push({ name: `B${i}`, dataType: FLOAT, dims: [L.outputs], floatData: Array.from(L.bias) });
    const last = i === model.layers.length - 1;
    const gemmOut = L.activation === 'linear' ? (last ? 'reconstruction' : `h${i}`) : `z${i}`;
    nodes.push({
      opType: 'Gemm', name: `gemm${i}`, input: [cur, `W${i}`, `B${i}`], output: [gemmOut],
      attribute: [{ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
    });
    cur = gemmOut;
    if (L.activation !== 'linear') {
      const out = last ? 'reconstruction' : `h${i}`;
      nodes.push({ opType: L.activation === 'relu' ? 'Relu' : 'Tanh', name: `act${i}`, input: [cur], output: [out] });
      cur = out;
    }
  });
  nodes.push({ opType: 'Sub', name: 'residual', input: ['reconstruction', 'x'], output: ['diff'] });
  nodes.push({ opType: 'Mul', name: 'square', input: ['diff', 'diff'], output: ['sq'] });
  nodes.push({
    opType: 'ReduceMean', name: 'mse', input: ['sq'], output: ['score'],
    attribute: [
      { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [1] },
      { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
    ],
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'spendguard-ml',
    producerVersion: '1',
    docString,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'autoencoder',
      node: nodes,
      initializer,
      input: [tensorInfo('x', ['N', model.inputDim])],
      output: [tensorInfo('reconstruction', ['N', model.inputDim]), tensorInfo('score', ['N'])],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

interface OrtSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: ArrayLike<number> }>>;
  release?(): Promise<void>;
}
interface OrtModule {
  InferenceSession: { create(bytes: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

let ortModule: OrtModule | null = null;
function ort(): OrtModule {
  ortModule ??= require('onnxruntime-node') as OrtModule;
  return ortModule;
}

/** An onnxruntime-node session over an exported autoencoder. */
export class OnnxAutoencoderScorer {
  private constructor(
    private readonly session: OrtSession,
    readonly inputDim: number,
  ) {}

  static async create(bytes: Uint8Array, inputDim: number): Promise<OnnxAutoencoderScorer> {
    const session = await ort().InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    return new OnnxAutoencoderScorer(session, inputDim);
  }

  /** Per-row mean squared reconstruction error computed by onnxruntime. */
  async score(X: Matrix): Promise<Float64Array> {
    if (X.cols !== this.inputDim) throw new Error(`expected ${this.inputDim} columns, got ${X.cols}`);
    if (X.rows === 0) return new Float64Array(0);
    const o = ort();
    const input = new o.Tensor('float32', Float32Array.from(X.data), [X.rows, X.cols]);
    const out = await this.session.run({ x: input });
    return Float64Array.from(out['score'].data);
  }

  async release(): Promise<void> {
    await this.session.release?.();
  }
}
