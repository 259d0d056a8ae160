import type { DataSource } from 'typeorm';
import type { FindingSeverity } from '@spendguard/contracts';
import {
  CachedEmbedder,
  EmbeddingProvider,
  mergeSuggestions,
  trainHybridCategoriser,
  UseLiteEmbedder,
} from '@spendguard/ml';
import { rows, runInTenant } from '@spendguard/server-data';
import type { FindingDraft } from '../domain/findings.types';
import { writeFindings } from '../worker/findings-writer';
import { PgEmbeddingCache } from './pg-embedding-cache';

export interface TenantJob {
  tenantId: string;
}

export interface TenantJobOptions {
  /** Confidence needed to file an uncategorised expense automatically (else it is left alone). */
  minConfidence?: number;
  /** Similarity of two categories' centroids to suggest merging them. */
  minMergeSimilarity?: number;
  /** The embedding model (default: the offline Universal Sentence Encoder lite, cached in PostgreSQL). */
  embedder?: (cache: PgEmbeddingCache) => EmbeddingProvider;
}

export interface TenantJobResult {
  categories: number;
  mergeFindings: number;
  trainingTexts: number;
  uncategorised: number;
  categorised: number;
  embeddingsComputed: number;
  embeddingsCached: number;
  ms: number;
}

interface CategoryRow {
  id: string;
  name: string;
  user_id: string | null;
  examples: string[] | null;
}

const EXAMPLES_PER_CATEGORY = 12;
const MAX_TRAINING_TEXTS = 4000;
const MAX_UNCATEGORISED = 2000;

const quote = (s: string) => `“${s}”`;

/**
 * The weekly per-tenant analysis: sentence embeddings of category names and descriptions (cached by
 * model and text hash), merge suggestions where a customer's own category means the same as another
 * (a category_merge finding for review), and auto-categorisation of consenting customers' uncategorised
 * expenses by nearest labelled neighbours, above a confidence threshold and recorded as revisions.
 *
 * Only consenting customers' data is read: category examples (embedded, and copied into merge evidence), the
 * categoriser's training texts, customers' own categories and the expenses to categorise all come from customers
 * whose analysis consent is granted. Writes re-check consent under a share lock of the consent rows (a revocation
 * locks its row for update, so the two take turns).
 */
export async function runTenantAnalysis(ds: DataSource, job: TenantJob, options: TenantJobOptions = {}): Promise<TenantJobResult> {
  const started = performance.now();
  const cache = new PgEmbeddingCache(ds, job.tenantId);
  const embedder = new CachedEmbedder(options.embedder ? options.embedder(cache) : new UseLiteEmbedder(), cache);
  const loaded = await runInTenant(ds, { tenantId: job.tenantId }, async (em) => {
    const [tenant] = await rows<{ sla_hours: Record<FindingSeverity, number> }>(em, `SELECT sla_hours FROM tenants WHERE id = $1`, [job.tenantId]);
    const consenting = new Set(
      (await rows<{ user_id: string }>(em, `SELECT user_id FROM consents WHERE tenant_id = $1 AND analysis_granted`, [job.tenantId])).map(
        (r) => r.user_id,
      ),
    );
    // the tenant's defaults and consenting customers' own categories, with examples from consenting customers only
    const categories = await rows<CategoryRow>(
      em,
      `SELECT c.id, c.name, c.user_id,
              (SELECT array_agg(d.description) FROM (
                 SELECT e.description FROM expenses e
                   JOIN consents k ON k.tenant_id = e.tenant_id AND k.user_id = e.user_id AND k.analysis_granted
                  WHERE e.tenant_id = c.tenant_id AND e.category_id = c.id AND e.occurred_on > current_date - 365
                  GROUP BY e.description ORDER BY count(*) DESC LIMIT ${EXAMPLES_PER_CATEGORY}) d) AS examples
         FROM categories c
        WHERE c.tenant_id = $1 AND c.merged_into_id IS NULL
          AND (c.user_id IS NULL OR c.user_id = ANY($2::uuid[]))`,
      [job.tenantId, [...consenting]],
    );
    const training = await rows<{ description: string; category: string }>(
      em,
      `SELECT e.description, c.name AS category FROM expenses e
         JOIN consents k ON k.tenant_id = e.tenant_id AND k.user_id = e.user_id AND k.analysis_granted
         JOIN categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id
        WHERE e.tenant_id = $1 AND c.user_id IS NULL AND c.merged_into_id IS NULL AND e.occurred_on > current_date - 365
        GROUP BY e.description, c.name ORDER BY count(*) DESC LIMIT ${MAX_TRAINING_TEXTS}`,
      [job.tenantId],
    );
    const uncategorised = await rows<{ id: string; user_id: string; description: string; merchant: string | null }>(
      em,
      `SELECT e.id, e.user_id, e.description, e.merchant FROM expenses e JOIN consents k ON k.tenant_id = e.tenant_id AND k.user_id = e.user_id
        WHERE e.tenant_id = $1 AND e.category_id IS NULL AND k.analysis_granted AND e.occurred_on > current_date - 90
        ORDER BY e.occurred_on DESC LIMIT ${MAX_UNCATEGORISED}`,
      [job.tenantId],
    );
    return { tenant, categories, consenting, training, uncategorised };
  });

  // Merge suggestions: for each consenting customer with categories of their own, against the tenant's defaults.
  const allTexts = [...new Set(loaded.categories.flatMap((c) => [c.name, ...(c.examples ?? [])]))];
  const vectors = new Map((await embedder.embed(allTexts)).map((v, i) => [allTexts[i], v]));
  const defaults = loaded.categories.filter((c) => c.user_id === null);
  const byOwner = new Map<string, CategoryRow[]>();
  for (const c of loaded.categories) {
    if (c.user_id && loaded.consenting.has(c.user_id)) byOwner.set(c.user_id, [...(byOwner.get(c.user_id) ?? []), c]);
  }
  let mergeFindings = 0;
  for (const [customerId, own] of byOwner) {
    const pool = [...defaults, ...own];
    const byName = new Map(pool.map((c) => [c.name, c]));
    const suggestions = mergeSuggestions(
      pool.map((c) => ({
        name: c.name,
        nameVector: vectors.get(c.name)!,
        descriptionVectors: (c.examples ?? []).map((d) => vectors.get(d)!),
        descriptions: c.examples ?? [],
      })),
      { minSimilarity: options.minMergeSimilarity ?? 0.6 },
    );
    const drafts: FindingDraft[] = [];
    for (const s of suggestions) {
      const a = byName.get(s.a)!;
      const b = byName.get(s.b)!;
      if (a.user_id !== customerId && b.user_id !== customerId) continue;
      // merge the customer's own category into the other one (a default when one of them is)
      const [source, target] = a.user_id === customerId && b.user_id === null ? [a, b] : b.user_id === customerId && a.user_id === null ? [b, a] : [a, b];
      drafts.push({
        type: 'category_merge',
        severity: 'low',
        score: Math.round((0.3 + 0.29 * Math.min(1, Math.max(0, (s.similarity - 0.6) / 0.4))) * 1000) / 1000,
        title: `${quote(source.name)} looks like ${quote(target.name)}`,
        message:
          `Your category ${quote(source.name)} seems to hold the same kind of spending as ${quote(target.name)}. ` +
          `Merging them would keep your budgets and reports simpler. If you keep them apart on purpose, there's nothing to do.`,
        fingerprint: `category_merge:${source.id}:${target.id}`,
        pattern: `category_merge:${source.id}`,
        subject: { categoryId: source.id, category: source.name },
        evidence: {
          source: { id: source.id, name: source.name, examples: source.examples ?? [] },
          target: { id: target.id, name: target.name, examples: target.examples ?? [] },
          similarity: Math.round(s.similarity * 1000) / 1000,
          mutual: s.mutual,
          model: embedder.modelId,
        },
      });
    }
    mergeFindings += await runInTenant(ds, { tenantId: job.tenantId }, async (em) => {
      const [consent] = await rows<{ granted: boolean }>(
        em,
        `SELECT analysis_granted AS granted FROM consents WHERE tenant_id = $1 AND user_id = $2 FOR SHARE`,
        [job.tenantId, customerId],
      );
      if (!consent?.granted) return 0;
      const written = await writeFindings(em, {
        tenantId: job.tenantId,
        customerId,
        runId: null,
        drafts,
        slaHours: loaded.tenant.sla_hours,
        reassessedTypes: ['category_merge'],
      });
      return written.created.length;
    });
  }

  // Auto-categorisation of consenting customers' uncategorised expenses.
  let categorised = 0;
  if (loaded.training.length >= 20 && loaded.uncategorised.length) {
    const categoriser = await trainHybridCategoriser(embedder, loaded.training, { minConfidence: options.minConfidence ?? 0.6 });
    const texts = loaded.uncategorised.map((e) => [e.merchant, e.description].filter(Boolean).join(' '));
    const predictions = await categoriser.predict(texts);
    const ids = new Map(defaults.map((c) => [c.name, c.id]));
    const chosen = loaded.uncategorised.flatMap((e, i) => {
      const p = predictions[i];
      const categoryId = p.category === null ? undefined : ids.get(p.category);
      return categoryId ? [{ e, p, categoryId }] : [];
    });
    if (chosen.length) {
      categorised = await runInTenant(ds, { tenantId: job.tenantId }, async (em) => {
        // the owners still consenting now (locked in a fixed order, shared with other writers, against a revocation)
        const owners = await rows<{ user_id: string }>(
          em,
          `SELECT user_id FROM consents WHERE tenant_id = $1 AND user_id = ANY($2::uuid[]) AND analysis_granted
            ORDER BY user_id FOR SHARE`,
          [job.tenantId, [...new Set(chosen.map(({ e }) => e.user_id))]],
        );
        const still = new Set(owners.map((o) => o.user_id));
        const allowed = chosen.filter(({ e }) => still.has(e.user_id));
        if (!allowed.length) return 0;
        const updated = await rows<{ id: string; user_id: string; category_id: string }>(
          em,
          `UPDATE expenses e SET category_id = c.category_id::uuid, version = e.version + 1, updated_at = now()
             FROM unnest($2::uuid[], $3::text[]) AS c(id, category_id)
            WHERE e.tenant_id = $1 AND e.id = c.id AND e.category_id IS NULL
           RETURNING e.id, e.user_id, e.category_id`,
          [job.tenantId, allowed.map(({ e }) => e.id), allowed.map(({ categoryId }) => categoryId)],
        );
        const confidence = new Map(chosen.map(({ e, p }) => [e.id, { category: p.category, confidence: Math.round(p.confidence * 1000) / 1000 }]));
        if (updated.length) {
          await rows(
            em,
            `INSERT INTO expense_revisions (tenant_id, expense_id, user_id, actor_id, action, before, after)
             SELECT $1, u.id, u.user_id, NULL, 'auto_categorize', jsonb_build_object('categoryId', NULL),
                    jsonb_build_object('categoryId', u.category_id, 'category', u.category, 'confidence', u.confidence, 'model', $6::text)
               FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::jsonb[]) AS x(id, user_id, category_id, info),
                    LATERAL (SELECT x.id, x.user_id, x.category_id, x.info->>'category' AS category, (x.info->>'confidence')::float8 AS confidence) u`,
            [
              job.tenantId,
              updated.map((u) => u.id),
              updated.map((u) => u.user_id),
              updated.map((u) => u.category_id),
              updated.map((u) => JSON.stringify(confidence.get(u.id))),
              embedder.modelId,
            ],
          );
        }
        return updated.length;
      });
    }
  }

  return {
    categories: loaded.categories.length,
    mergeFindings,
    trainingTexts: loaded.training.length,
    uncategorised: loaded.uncategorised.length,
    categorised,
    embeddingsComputed: embedder.misses,
    embeddingsCached: embedder.hits,
    ms: Math.round(performance.now() - started),
  };
}
