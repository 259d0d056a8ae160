import type { Matrix } from '../common/matrix';
import { matrixRow, selectRows, toArrays } from '../common/matrix';

/**
 * One-class SVM with an RBF kernel, trained by libsvm (libsvm-js, WebAssembly). libsvm-js only exposes ±1 labels,
 * so decision values are computed here from the trained model: f(x) = Σ α_i exp(-γ‖sv_i − x‖²) − ρ, the same
 * quantity as scikit-learn's decision_function (> 0 inside the support, i.e. inlier).
 * The support vectors are taken from the training rows by index (the serialised text keeps 8 digits only) and ρ is
 * recomputed in full precision from the free support vectors, exactly as libsvm's solver defines it.
 */
export interface OcsvmModel {
  nu: number;
  gamma: number;
  rho: number;
  /** Dual coefficients α_i of the support vectors. */
  coef: number[];
  /** Support vectors, one per row. */
  sv: Matrix;
}

export interface OcsvmOptions {
  nu?: number;
  /** A number, 'scale' (1 / (d · Var(X)), scikit-learn's default) or 'auto' (1 / d). */
  gamma?: number | 'scale' | 'auto';
  /** Solver stopping tolerance (libsvm -e). */
  tolerance?: number;
}

interface LibsvmInstance {
  train(samples: number[][], labels: number[]): void;
  serializeModel(): string;
  getSVIndices(): number[];
  free(): void;
}
interface LibsvmStatic {
  new (options: Record<string, unknown>): LibsvmInstance;
  SVM_TYPES: Record<string, string>;
  KERNEL_TYPES: Record<string, string>;
}

let libsvmPromise: Promise<LibsvmStatic> | null = null;

/** Load libsvm-js (WebAssembly) once; the module prints a harmless wasm fallback notice on Node 20 (STACK.md G13). */
export function loadLibsvm(): Promise<LibsvmStatic> {
  libsvmPromise ??= require('libsvm-js/wasm') as Promise<LibsvmStatic>;
  return libsvmPromise;
}

export function resolveGamma(X: Matrix, gamma: OcsvmOptions['gamma'] = 'scale'): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  let mu = 0;
  for (let i = 0; i < X.data.length; i++) mu += X.data[i];
  mu /= X.data.length;
  let v = 0;
  for (let i = 0; i < X.data.length; i++) v += (X.data[i] - mu) ** 2;
  v /= X.data.length;
  return v > 0 ? 1 / (X.cols * v) : 1;
}

function parseModel(text: string): { rho: number; coef: number[] } {
  const lines = text.split('\n');
  let rho = NaN;
  const coef: number[] = [];
  let inSv = false;
  for (const line of lines) {
    if (inSv) {
      const t = line.trim();
      if (t) coef.push(Number(t.split(' ', 1)[0]));
    } else if (line.startsWith('rho ')) rho = Number(line.slice(4));
    else if (line.trim() === 'SV') inSv = true;
  }
  return { rho, coef };
}

function kernelRow(sv: Matrix, x: ArrayLike<number>, gamma: number, out: Float64Array): void {
  const d = sv.cols;
  for (let i = 0; i < sv.rows; i++) {
    let s = 0;
    const o = i * d;
    for (let c = 0; c < d; c++) {
      const t = sv.data[o + c] - x[c];
      s += t * t;
    }
    out[i] = Math.exp(-gamma * s);
  }
}

export async function fitOneClassSvm(X: Matrix, options: OcsvmOptions = {}): Promise<OcsvmModel> {
  const SVM = await loadLibsvm();
  const nu = options.nu ?? 0.5;
  const gamma = resolveGamma(X, options.gamma);
  const svm = new SVM({
    type: SVM.SVM_TYPES.ONE_CLASS,
    kernel: SVM.KERNEL_TYPES.RBF,
    nu,
    gamma,
    tolerance: options.tolerance ?? 1e-3,
    quiet: true,
  });
  try {
    // ONE_CLASS still needs a labels array (STACK.md G13).
    svm.train(toArrays(X), new Array<number>(X.rows).fill(1));
    const { rho: rhoText, coef } = parseModel(svm.serializeModel());
    const indices = svm.getSVIndices(); // 0-based (libsvm-js converts them)
    if (indices.length !== coef.length) throw new Error('libsvm model and support-vector indices disagree');
    const sv = selectRows(X, indices);
    // ρ = mean gradient over free SVs (0 < α < 1), as in libsvm's Solver::calculate_rho for one-class.
    const k = new Float64Array(sv.rows);
    let sum = 0;
    let free = 0;
    for (let i = 0; i < sv.rows; i++) {
      if (coef[i] > 1e-12 && coef[i] < 1 - 1e-12) {
        kernelRow(sv, matrixRow(sv, i), gamma, k);
        let g = 0;
        for (let j = 0; j < sv.rows; j++) g += coef[j] * k[j];
        sum += g;
        free++;
      }
    }
    const rho = free > 0 ? sum / free : rhoText;
    return { nu, gamma, rho, coef, sv };
  } finally {
    svm.free();
  }
}

/** Decision values for the rows of Q (positive = inlier). */
export function ocsvmDecision(model: OcsvmModel, Q: Matrix): Float64Array {
  const out = new Float64Array(Q.rows);
  const k = new Float64Array(model.sv.rows);
  for (let i = 0; i < Q.rows; i++) {
    kernelRow(model.sv, matrixRow(Q, i), model.gamma, k);
    let s = 0;
    for (let j = 0; j < k.length; j++) s += model.coef[j] * k[j];
    out[i] = s - model.rho;
  }
  return out;
}
