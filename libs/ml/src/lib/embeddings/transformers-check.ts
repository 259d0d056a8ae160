/**
 * Runs the transformers.js provider in a plain Node process and prints JSON (vectors at two batch sizes
 * and the library's own feature-extraction pipeline output). The jest sandbox cannot load the ESM-only
 * @xenova/transformers, so the spec runs this script as a child process.
 * Usage: node -r ./tools/ts-register.cjs libs/ml/src/lib/embeddings/transformers-check.ts <modelsDir> <model> <texts JSON>
 */
import { nativeRequire } from './provider';
import { TransformersEmbedder } from './transformers';

async function run(): Promise<void> {
  const [modelsDir, model, textsJson] = process.argv.slice(2);
  const texts = JSON.parse(textsJson) as string[];
  const one = await new TransformersEmbedder({ model, modelsDir, quantized: false, batchSize: 1 }).embed(texts);
  const two = await new TransformersEmbedder({ model, modelsDir, quantized: false, batchSize: 2 }).embed(texts);
  const tr = nativeRequire('@xenova/transformers') as {
    pipeline: (task: string, model: string, o: object) => Promise<(t: string[], o: object) => Promise<{ data: Float32Array; dims: number[] }>>;
  };
  const pipe = await tr.pipeline('feature-extraction', model, { quantized: false });
  const ref = await pipe(texts, { pooling: 'mean', normalize: true });
  const dim = ref.dims[1];
  let missingError = '';
  try {
    await new TransformersEmbedder({ model: 'no-such-model', modelsDir }).embed(['x']);
  } catch (e) {
    missingError = String((e as Error).message ?? e);
  }
  process.stdout.write(
    JSON.stringify({
      batch1: one.map((v) => Array.from(v)),
      batch2: two.map((v) => Array.from(v)),
      pipeline: texts.map((_, i) => Array.from(ref.data.subarray(i * dim, (i + 1) * dim))),
      missingError,
    }),
  );
}

run().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
