/** Train-and-predict helpers over an embedding provider, plus accuracy / macro-F1. */
import type { EmbeddingProvider } from '../embeddings/provider';
import { NearestNeighbourCategoriser, type CategoryPrediction, type KnnOptions } from './knn';
import { TfidfVectorizer } from './tfidf';

export interface LabelledText {
  description: string;
  category: string;
}

export async function trainCategoriser(embedder: EmbeddingProvider, train: readonly LabelledText[], options: KnnOptions = {}): Promise<{ predict(texts: readonly string[]): Promise<CategoryPrediction[]> }> {
  const vectors = await embedder.embed(train.map((t) => t.description));
  const knn = new NearestNeighbourCategoriser(
    vectors.map((vector, i) => ({ vector, label: train[i].category })),
    options,
  );
  return {
    async predict(texts) {
      const vs = await embedder.embed(texts);
      return vs.map((v) => knn.predict(v));
    },
  };
}

export function trainTfidfCategoriser(train: readonly LabelledText[], options: KnnOptions = {}): { predict(texts: readonly string[]): CategoryPrediction[] } {
  const tf = new TfidfVectorizer().fit(train.map((t) => t.description));
  const knn = new NearestNeighbourCategoriser(
    train.map((t) => ({ vector: tf.transform(t.description), label: t.category })),
    options,
  );
  return { predict: (texts) => texts.map((t) => knn.predict(tf.transform(t))) };
}

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  /** Share of rows answered (not abstained). */
  coverage: number;
  /** Accuracy on answered rows. */
  answeredAccuracy: number;
  n: number;
}

/** Abstentions (null) count as wrong for accuracy and F1. Macro-F1 averages over labels present in truth. */
export function classificationReport(truth: readonly string[], predicted: readonly (string | null)[]): ClassificationReport {
  const labels = [...new Set(truth)];
  let correct = 0;
  let answered = 0;
  let answeredCorrect = 0;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (p !== null) answered++;
    if (p === t) {
      correct++;
      answeredCorrect++;
      tp.set(t, (tp.get(t) ?? 0) + 1);
    } else {
      fn.set(t, (fn.get(t) ?? 0) + 1);
      if (p !== null) fp.set(p, (fp.get(p) ?? 0) + 1);
    }
  });
  let f1 = 0;
  for (const l of labels) {
    const a = tp.get(l) ?? 0;
    const prec = a + (fp.get(l) ?? 0) > 0 ? a / (a + (fp.get(l) ?? 0)) : 0;
    const rec = a + (fn.get(l) ?? 0) > 0 ? a / (a + (fn.get(l) ?? 0)) : 0;
    f1 += prec + rec > 0 ? (2 * prec * rec) / (prec + rec) : 0;
  }
  const n = truth.length;
  return { accuracy: n ? correct / n : 0, macroF1: labels.length ? f1 / labels.length : 0, coverage: n ? answered / n : 0, answeredAccuracy: answered ? answeredCorrect / answered : 0, n };
}

/**
 * Embedding neighbours with a lexical component: similarity = (1 - w) cos(embedding) + w cos(TF-IDF),
 * realised as the dot product of concatenated, re-weighted unit vectors. The sentence embedding carries
 * meaning across wording ("Uber" ~ "cab"), the lexical part keeps exact tokens (shop names, codes).
 */
export async function trainHybridCategoriser(
  embedder: EmbeddingProvider,
  train: readonly LabelledText[],
  options: KnnOptions & { lexicalWeight?: number } = {},
): Promise<{ predict(texts: readonly string[]): Promise<CategoryPrediction[]> }> {
  const w = Math.min(1, Math.max(0, options.lexicalWeight ?? 0.3));
  const tf = new TfidfVectorizer().fit(train.map((t) => t.description));
  const combine = (e: Float32Array, text: string): Float32Array => {
    const t = tf.transform(text);
    const out = new Float32Array(e.length + t.length);
    const a = Math.sqrt(1 - w);
    const b = Math.sqrt(w);
    for (let i = 0; i < e.length; i++) out[i] = a * e[i];
    for (let i = 0; i < t.length; i++) out[e.length + i] = b * t[i];
    return out;
  };
  const vectors = await embedder.embed(train.map((t) => t.description));
  const knn = new NearestNeighbourCategoriser(
    vectors.map((v, i) => ({ vector: combine(v, train[i].description), label: train[i].category })),
    options,
  );
  return {
    async predict(texts) {
      const vs = await embedder.embed(texts);
      return vs.map((v, i) => knn.predict(combine(v, texts[i])));
    },
  };
}
