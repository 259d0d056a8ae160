import type { DataSource } from 'typeorm';
import type { EmbeddingCache } from '@spendguard/ml';
import { rows, runInTenant } from '@spendguard/server-data';

/** The embedding cache in PostgreSQL (embedding_cache, one tenant's rows under RLS), float32 little-endian. */
export class PgEmbeddingCache implements EmbeddingCache {
  constructor(
    private readonly ds: DataSource,
    private readonly tenantId: string,
  ) {}

  async getMany(modelId: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    if (!hashes.length) return new Map();
    const found = await runInTenant(this.ds, { tenantId: this.tenantId }, (em) =>
      rows<{ text_hash: string; vector: Buffer }>(
        em,
        `SELECT text_hash, vector FROM embedding_cache WHERE tenant_id = $1 AND model_id = $2 AND text_hash = ANY($3::char(64)[])`,
        [this.tenantId, modelId, [...hashes]],
      ),
    );
    return new Map(
      found.map((r) => [r.text_hash, new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength))]),
    );
  }

  async putMany(modelId: string, entries: readonly { hash: string; vector: Float32Array }[]): Promise<void> {
    if (!entries.length) return;
    await runInTenant(this.ds, { tenantId: this.tenantId }, (em) =>
      rows(
        em,
        `INSERT INTO embedding_cache (tenant_id, model_id, text_hash, vector)
         SELECT $1, $2, e.hash, e.vector FROM unnest($3::char(64)[], $4::bytea[]) AS e(hash, vector)
         ON CONFLICT DO NOTHING`,
        [this.tenantId, modelId, entries.map((e) => e.hash), entries.map((e) => Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength))],
      ),
    );
  }
}
