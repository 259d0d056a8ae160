/**
 * npm run ml:eval:categorize: description -> category on real ledgers, split by time (first 80% train,
 * last 20% test): embedding nearest neighbours (Universal Sentence Encoder lite, offline) against a
 * TF-IDF nearest-neighbour baseline with the same k. Prints one JSON object.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CachedEmbedder, UseLiteEmbedder, type EmbeddingProvider } from '../src/lib/embeddings';
import { classificationReport, trainCategoriser, trainHybridCategoriser, trainTfidfCategoriser, type CategoryPrediction, type KnnOptions, type LabelledText } from '../src/lib/categorize';

const root = process.cwd();
// k, vote power and class balancing are chosen on a validation split inside the training period
// (last 20% of the training rows), separately for each method, never on the test rows
const GRID: KnnOptions[] = [];
for (const k of [3, 7, 10]) for (const power of [4, 8]) for (const balance of [0, 0.5]) GRID.push({ k, power, balance });

function load(file: string, text: string, filter: (r: Record<string, string>) => boolean): (LabelledText & { date: string })[] {
  const rows: Record<string, string>[] = parse(fs.readFileSync(path.resolve(root, file)), { columns: true });
  return rows
    .filter((r) => filter(r) && (r[text] ?? '').trim() && (r.category ?? '').trim())
    .map((r) => ({ description: r[text].trim(), category: r.category.trim(), date: r.date }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

function r4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

async function evaluate(name: string, data: (LabelledText & { date: string })[], embedder: EmbeddingProvider) {
  const cut = Math.floor(data.length * 0.8);
  const train = data.slice(0, cut);
  const test = data.slice(cut);
  const truth = test.map((t) => t.category);
  const texts = test.map((t) => t.description);
  const vcut = Math.floor(train.length * 0.8);
  const fitPart = train.slice(0, vcut);
  const valPart = train.slice(vcut);
  const valTruth = valPart.map((t) => t.category);
  const score = (preds: CategoryPrediction[]) => {
    const r = classificationReport(valTruth, preds.map((p) => p.bestGuess));
    return r.accuracy + r.macroF1;
  };
  let bestEmb = GRID[0];
  let bestTf = GRID[0];
  let bestHy: KnnOptions & { lexicalWeight?: number } = GRID[0];
  let sEmb = -1;
  let sTf = -1;
  let sHy = -1;
  for (const o of GRID) {
    for (const lexicalWeight of [0.3, 0.5]) {
      const sh = score(await (await trainHybridCategoriser(embedder, fitPart, { ...o, lexicalWeight })).predict(valPart.map((t) => t.description)));
      if (sh > sHy) [sHy, bestHy] = [sh, { ...o, lexicalWeight }];
    }
    const se = score(await (await trainCategoriser(embedder, fitPart, o)).predict(valPart.map((t) => t.description)));
    if (se > sEmb) [sEmb, bestEmb] = [se, o];
    const st = score(trainTfidfCategoriser(fitPart, o).predict(valPart.map((t) => t.description)));
    if (st > sTf) [sTf, bestTf] = [st, o];
  }
  const t0 = performance.now();
  const emb = await trainCategoriser(embedder, train, bestEmb);
  const ep = await emb.predict(texts);
  const ms = performance.now() - t0;
  const tf = trainTfidfCategoriser(train, bestTf).predict(texts);
  const hy = await (await trainHybridCategoriser(embedder, train, bestHy)).predict(texts);
  const rep = (preds: (string | null)[]) => {
    const r = classificationReport(truth, preds);
    return { accuracy: r4(r.accuracy), macroF1: r4(r.macroF1), coverage: r4(r.coverage), answeredAccuracy: r4(r.answeredAccuracy) };
  };
  const embedding = rep(ep.map((p) => p.bestGuess));
  const baseline = rep(tf.map((p) => p.bestGuess));
  const hybrid = rep(hy.map((p) => p.bestGuess));
  const seen = new Set(train.map((t) => t.description.toLowerCase()));
  const unseen = test.map((t, i) => ({ i, unseen: !seen.has(t.description.toLowerCase()) })).filter((x) => x.unseen).map((x) => x.i);
  const sub = (preds: (string | null)[]) => rep(unseen.map((i) => preds[i])).accuracy;
  const subTruth = unseen.map((i) => truth[i]);
  const unseenAcc = (preds: (string | null)[]) => r4(classificationReport(subTruth, unseen.map((i) => preds[i])).accuracy);
  void sub;
  return {
    dataset: name,
    train: train.length,
    test: test.length,
    categories: new Set(data.map((d) => d.category)).size,
    split: `by time: train to ${train[train.length - 1].date}, test from ${test[0].date}`,
    embedding: { model: embedder.modelId, options: bestEmb, ...embedding, withAbstention: { minConfidence: 0.5, ...rep(ep.map((p) => p.category)) }, unseenDescriptionAccuracy: unseenAcc(ep.map((p) => p.bestGuess)), seconds: r4(ms / 1000) },
    hybridEmbeddingLexical: { options: bestHy, ...hybrid, withAbstention: { minConfidence: 0.5, ...rep(hy.map((p) => p.category)) }, unseenDescriptionAccuracy: unseenAcc(hy.map((p) => p.bestGuess)) },
    tfidfBaseline: { options: bestTf, ...baseline, unseenDescriptionAccuracy: unseenAcc(tf.map((p) => p.bestGuess)) },
    unseenDescriptions: unseen.length,
    embeddingBeatsBaseline: embedding.accuracy > baseline.accuracy && embedding.macroF1 > baseline.macroF1,
    hybridBeatsBaseline: hybrid.accuracy > baseline.accuracy && hybrid.macroF1 > baseline.macroF1,
  };
}

async function main(): Promise<void> {
  const embedder = new CachedEmbedder(new UseLiteEmbedder());
  const household = load('../shared/datasets/daily_household_transactions/daily_household_transactions.csv', 'note', (r) => r.income_expense === 'Expense');
  const kaggle = load('../shared/datasets/personal_finance_kaggle/personal_transactions.csv', 'description', () => true);
  const results = [await evaluate('daily_household_transactions (note -> category)', household, embedder), await evaluate('personal_finance_kaggle (description -> category)', kaggle, embedder)];
  console.log(JSON.stringify({ results, pass: results.every((r) => r.embeddingBeatsBaseline || r.hybridBeatsBaseline) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
