/**
 * Embedding cache keyed by (model id, text hash). The server implements `EmbeddingCache` over its
 * embedding table; `InMemoryEmbeddingCache` serves tests and CLIs.
 */
import { normaliseText, textHash, type EmbeddingProvider } from './provider';

export interface EmbeddingCache {
  /** Vectors found for the given hashes (missing hashes are simply absent). */
  getMany(modelId: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
  putMany(modelId: string, entries: readonly { hash: string; vector: Float32Array }[]): Promise<void>;
}

export class InMemoryEmbeddingCache implements EmbeddingCache {
  private readonly store = new Map<string, Float32Array>();

  async getMany(modelId: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const h of hashes) {
      const v = this.store.get(`${modelId}\u0000${h}`);
      if (v) out.set(h, v);
    }
    return out;
  }

  async putMany(modelId: string, entries: readonly { hash: string; vector: Float32Array }[]): Promise<void> {
    for (const e of entries) this.store.set(`${modelId}\u0000${e.hash}`, e.vector);
  }

  get size(): number {
    return this.store.size;
  }
}

/** Wraps any provider: looks texts up by hash, embeds only the misses (each distinct text once), stores them. */
export class CachedEmbedder implements EmbeddingProvider {
  readonly modelId: string;
  /** Texts actually sent to the provider (for tests and metrics). */
  misses = 0;
  hits = 0;

  constructor(
    private readonly provider: EmbeddingProvider,
    private readonly cache: EmbeddingCache = new InMemoryEmbeddingCache(),
  ) {
    this.modelId = provider.modelId;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const hashes = texts.map(textHash);
    const unique = [...new Set(hashes)];
    const found = await this.cache.getMany(this.modelId, unique);
    const missing = unique.filter((h) => !found.has(h));
    if (missing.length) {
      const firstText = new Map<string, string>();
      texts.forEach((t, i) => {
        if (!firstText.has(hashes[i])) firstText.set(hashes[i], normaliseText(t));
      });
      const vectors = await this.provider.embed(missing.map((h) => firstText.get(h) as string));
      const entries = missing.map((hash, i) => ({ hash, vector: vectors[i] }));
      await this.cache.putMany(this.modelId, entries);
      for (const e of entries) found.set(e.hash, e.vector);
    }
    this.misses += missing.length;
    this.hits += unique.length - missing.length;
    return hashes.map((h) => found.get(h) as Float32Array);
  }
}
