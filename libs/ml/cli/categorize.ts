/**
 * npm run categorize -- --train <csv description,category> --input <csv description> --out <json>
 *   [--embedder use-lite|transformers] [--model <folder>] [--models-dir ml-artifacts/models] [--allow-remote]
 *   [--min-confidence 0.5] [--lexical-weight 0.5]
 * Writes {"predictions": [{"row", "category" (null when abstaining), "confidence"}]}.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { CachedEmbedder, TransformersEmbedder, UseLiteEmbedder, type EmbeddingProvider } from '../src/lib/embeddings';
import { trainHybridCategoriser } from '../src/lib/categorize';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' },
      input: { type: 'string' },
      out: { type: 'string' },
      embedder: { type: 'string', default: 'use-lite' },
      model: { type: 'string', default: 'all-MiniLM-L6-v2' },
      'models-dir': { type: 'string', default: 'ml-artifacts/models' },
      'allow-remote': { type: 'boolean', default: false },
      'min-confidence': { type: 'string', default: '0.5' },
      'lexical-weight': { type: 'string', default: '0.5' },
      k: { type: 'string', default: '7' },
    },
  });
  if (!values.train || !values.input || !values.out) {
    console.error('usage: npm run categorize -- --train <csv description,category> --input <csv description> --out <json>');
    process.exit(2);
  }
  const t0 = performance.now();
  const train: Record<string, string>[] = parse(fs.readFileSync(values.train), { columns: true, skip_empty_lines: true, trim: true });
  const input: Record<string, string>[] = parse(fs.readFileSync(values.input), { columns: true, skip_empty_lines: false, trim: true });
  const labelled = train.filter((r) => (r.description ?? '').trim() && (r.category ?? '').trim()).map((r) => ({ description: r.description, category: r.category }));
  if (!labelled.length) throw new Error('training file has no rows with description and category');
  const base: EmbeddingProvider =
    values.embedder === 'transformers'
      ? new TransformersEmbedder({ model: values.model as string, modelsDir: values['models-dir'], allowRemoteModels: values['allow-remote'] })
      : new UseLiteEmbedder();
  const embedder = new CachedEmbedder(base);
  const minConfidence = Number(values['min-confidence']);
  const model = await trainHybridCategoriser(embedder, labelled, { k: Number(values.k), power: 4, lexicalWeight: Number(values['lexical-weight']), minConfidence });
  const preds = await model.predict(input.map((r) => r.description ?? ''));
  const predictions = preds.map((p, row) => ({ row, category: p.category, confidence: Math.round(p.confidence * 1e4) / 1e4 }));
  fs.writeFileSync(values.out, JSON.stringify({ predictions }));
  console.log(JSON.stringify({ out: values.out, rows: predictions.length, abstained: predictions.filter((p) => p.category === null).length, model: embedder.modelId, totalMs: Math.round(performance.now() - t0) }));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
