import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Tenant } from './tenant.entity';

/** Sentence-embedding vectors by model and text hash; descriptions repeat, so most lookups hit. */
@Entity('embedding_cache')
@ForeignKey(() => Tenant, ['tenantId'], ['id'], { name: 'fk_embedding_cache_tenant', onDelete: 'CASCADE' })
export class EmbeddingCacheEntry {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  modelId!: string;

  @PrimaryColumn({ type: 'char', length: 64 })
  textHash!: string;

  /** float32 little-endian. */
  @Column({ type: 'bytea' })
  vector!: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
