import { UseLiteEmbedder } from '../embeddings';
import { classificationReport, NearestNeighbourCategoriser, TfidfVectorizer, trainHybridCategoriser, trainTfidfCategoriser } from './index';

describe('nearest-neighbour categorisation', () => {
  it('votes by similarity and abstains when neighbours are far or split', () => {
    const knn = new NearestNeighbourCategoriser(
      [
        { vector: [1, 0, 0], label: 'A' },
        { vector: [0.96, 0.28, 0], label: 'A' },
        { vector: [0, 1, 0], label: 'B' },
      ],
      { k: 3, minConfidence: 0.6 },
    );
    const near = knn.predict([1, 0, 0]);
    expect(near.category).toBe('A');
    expect(near.confidence).toBeGreaterThan(0.9);
    const split = new NearestNeighbourCategoriser([
      { vector: [1, 0, 0], label: 'A' },
      { vector: [0, 1, 0], label: 'B' },
    ]);
    const between = split.predict([Math.SQRT1_2, Math.SQRT1_2, 0], 0.6);
    expect(between.confidence).toBeCloseTo(0.5, 6);
    expect(between.category).toBeNull();
    const far = knn.predict([0, 0, 1]);
    expect(far.category).toBeNull();
    expect(far.bestGuess).not.toBeNull();
  });

  it('TF-IDF baseline matches shared words only', () => {
    const tf = new TfidfVectorizer().fit(['uber ride', 'netflix monthly', 'uber eats']);
    expect(tf.transform('zzz')).toEqual(new Float32Array(5));
    const m = trainTfidfCategoriser([
      { description: 'uber ride', category: 'Transport' },
      { description: 'netflix monthly', category: 'Subscriptions' },
    ]);
    expect(m.predict(['uber ride home'])[0].bestGuess).toBe('Transport');
  });

  it('reports accuracy, macro-F1 and abstention coverage', () => {
    const r = classificationReport(['a', 'a', 'b', 'c'], ['a', 'b', 'b', null]);
    expect(r.accuracy).toBe(0.5);
    expect(r.coverage).toBe(0.75);
    expect(r.answeredAccuracy).toBeCloseTo(2 / 3, 12);
    // F1: a = 2/3 (p 1, r .5), b = 2/3 (p .5, r 1), c = 0
    expect(r.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 0) / 3, 12);
  });

  it('with the real offline model, generalises to unseen wording and abstains on nonsense', async () => {
    const train = [
      { description: 'Netflix subscription', category: 'Subscriptions' },
      { description: 'Spotify premium', category: 'Subscriptions' },
      { description: 'Whole Foods groceries', category: 'Groceries' },
      { description: 'Trader Joes', category: 'Groceries' },
      { description: 'Uber ride', category: 'Transport' },
      { description: 'Lyft trip downtown', category: 'Transport' },
    ];
    const model = await trainHybridCategoriser(new UseLiteEmbedder(), train, { k: 7, lexicalWeight: 0.5, minConfidence: 0.5 });
    const p = await model.predict(['Hulu streaming', 'supermarket shopping', 'taxi to airport', 'xyzzy plugh']);
    expect(p.map((x) => x.category)).toEqual(['Subscriptions', 'Groceries', 'Transport', null]);
  });
});
