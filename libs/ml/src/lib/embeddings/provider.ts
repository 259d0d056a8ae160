/**
 * Sentence-embedding providers. Vectors are L2-normalised Float32Arrays so that cosine similarity
 * is a dot product.
 */
import { createHash } from 'node:crypto';

export interface EmbeddingProvider {
  /** Stable id of model + pooling, used as the cache key (e.g. 'use-lite-512', 'transformers:all-MiniLM-L6-v2'). */
  readonly modelId: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export function l2normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? d / Math.sqrt(na * nb) : 0;
}

/** Whitespace-collapsed, trimmed text: what is embedded and hashed. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** sha256 of the normalised text (hex). */
export function textHash(text: string): string {
  return createHash('sha256').update(normaliseText(text)).digest('hex');
}

/**
 * Node's own require: loads ESM-only packages (@xenova/transformers) synchronously on Node >= 20.19
 * and keeps native addons outside bundlers' and test runners' module registries.
 */
export function nativeRequire(id: string): unknown {
  const proc = process as unknown as { getBuiltinModule?: (name: string) => unknown };
  // process.getBuiltinModule (Node >= 20.16) returns the real module system even inside jest's sandbox
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = (proc.getBuiltinModule?.('node:module') ?? require('node:module')) as typeof import('node:module');
  return mod.createRequire(__filename)(id);
}
