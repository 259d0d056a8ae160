import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { CustomerModel, loadModel, serializeModel, writeSerializedModel } from '@spendguard/ml';
import { rows } from '@spendguard/server-data';

export const KEEP_VERSIONS = 3;

/**
 * A trained model made ready to store (`ArtifactStore.prepare`): its files' bytes and its row's metadata, serialised
 * before the saving transaction opens, so that the transaction holds its locks for the writes alone.
 */
export interface PreparedModel {
  onnx: Uint8Array;
  metadataJson: string;
  sha256: string;
  /** The model_artifacts row's metadata (JSON): the model's metadata without its large arrays, plus `extra`. */
  rowMetadataJson: string;
}

/** A version written by `save`, with the directories of the versions its transaction deleted. */
export interface SavedArtifact {
  version: number;
  sha256: string;
  /** Relative to the artifacts directory. */
  path: string;
  /** Directories (relative) of the pruned versions, to delete once the transaction committed. */
  stale: string[];
}

/**
 * Per-customer model artifacts on disk under <artifactsDir>/<tenant>/<customer>/v<version>/ (the .onnx
 * file and its metadata), each with a model_artifacts row holding version and sha256 (its metadata column also
 * holds `trainedAsOf`, the run date of the training run, which decides when a nightly run retrains). Old versions
 * are pruned, keeping the latest few.
 *
 * `prepare` serialises a model (outside any transaction). Files follow the transaction that records them: `save`
 * writes the new version's files and rows and deletes the pruned versions' rows, but no files; after the commit
 * `prune` deletes the pruned versions' directories, and if the transaction fails `discard` (called before it rolls
 * back) deletes the new version's directory. So the table never points at a deleted directory, and a rolled-back
 * version leaves no files (only a failed COMMIT itself can leave one behind, which the next save of that version
 * overwrites).
 */
export class ArtifactStore {
  constructor(private readonly artifactsDir: string) {}

  dirFor(tenantId: string, customerId: string, version: number): string {
    return path.join(this.artifactsDir, tenantId, customerId, `v${version}`);
  }

  /** Serialises a model for `save`; `extra` goes into its row's metadata (e.g. `trainedAsOf`). */
  prepare(model: CustomerModel, extra: { trainedAsOf?: string } = {}): PreparedModel {
    const { onnx, metadataJson } = serializeModel(model);
    const metadata = model.metadata as unknown as Record<string, unknown>;
    return { onnx, metadataJson, sha256: model.metadata.onnx.sha256, rowMetadataJson: JSON.stringify({ ...summarise(metadata), ...extra }) };
  }

  /**
   * Writes a prepared model and records it; returns the new version and the pruned versions' directories. Call inside
   * the run's transaction, then `prune` after its commit (or `discard` before it rolls back). Saves of one customer
   * take turns (a transaction-level lock), so a version number is only ever written by one transaction at a time.
   */
  async save(em: EntityManager, tenantId: string, customerId: string, model: PreparedModel, runId: string | null): Promise<SavedArtifact> {
    await rows(em, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`model_artifacts:${tenantId}:${customerId}`]);
    const [{ next }] = await rows<{ next: number }>(
      em,
      `SELECT coalesce(max(version), 0) + 1 AS next FROM model_artifacts WHERE tenant_id = $1 AND user_id = $2 AND kind = 'anomaly'`,
      [tenantId, customerId],
    );
    const dir = this.dirFor(tenantId, customerId, next);
    await writeSerializedModel(model, dir);
    const sha256 = model.sha256;
    const relative = path.relative(this.artifactsDir, dir);
    await rows(
      em,
      `INSERT INTO model_artifacts (tenant_id, user_id, kind, version, sha256, path, metadata, run_id)
       VALUES ($1, $2, 'anomaly', $3, $4, $5, $6, $7)`,
      [tenantId, customerId, next, sha256, relative, model.rowMetadataJson, runId],
    );
    const stale = await rows<{ path: string }>(
      em,
      `DELETE FROM model_artifacts WHERE tenant_id = $1 AND user_id = $2 AND kind = 'anomaly' AND version <= $3 RETURNING path`,
      [tenantId, customerId, next - KEEP_VERSIONS],
    );
    return { version: next, sha256, path: relative, stale: stale.map((s) => s.path) };
  }

  /** After the saving transaction committed: deletes the directories of the versions it pruned (best effort). */
  async prune(saved: SavedArtifact): Promise<void> {
    for (const stale of saved.stale) await rm(path.join(this.artifactsDir, stale), { recursive: true, force: true }).catch(() => undefined);
  }

  /** Before the saving transaction rolls back: deletes the new version's directory (best effort). */
  async discard(saved: SavedArtifact): Promise<void> {
    await rm(path.join(this.artifactsDir, saved.path), { recursive: true, force: true }).catch(() => undefined);
  }

  /** The customer's latest model, or null when none has been trained yet. */
  async latest(em: EntityManager, tenantId: string, customerId: string): Promise<{ model: CustomerModel; version: number } | null> {
    const [row] = await rows<{ version: number; path: string }>(
      em,
      `SELECT version, path FROM model_artifacts WHERE tenant_id = $1 AND user_id = $2 AND kind = 'anomaly' ORDER BY version DESC LIMIT 1`,
      [tenantId, customerId],
    );
    if (!row) return null;
    return { model: await this.load(row.path), version: row.version };
  }

  /** The model stored under a model_artifacts row's path (relative to the artifacts directory). */
  load(relativePath: string): Promise<CustomerModel> {
    return loadModel(path.join(this.artifactsDir, relativePath));
  }
}

/**
 * What is worth keeping in the database row: everything but large arrays, at any depth (the LOF reference, the
 * support vectors and the calibration scores live in the artifact's files only; in the row they cost a ~100 KB
 * jsonb per model version for nothing).
 */
function summarise(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (Array.isArray(v) && v.length > 64) continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? summarise(v as Record<string, unknown>) : v;
  }
  return out;
}
