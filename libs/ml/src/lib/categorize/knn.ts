/**
 * Auto-categorisation of a new expense by its nearest labelled neighbours in a vector space, with a
 * confidence (similarity-weighted vote share, damped when even the nearest neighbour is far) and
 * abstention below a threshold. Works for sentence embeddings and for the TF-IDF baseline alike.
 */

export interface LabelledVector {
  vector: ArrayLike<number>;
  label: string;
}

export interface KnnOptions {
  /** Neighbours that vote (default 7). */
  k?: number;
  /** Vote weight = similarity^power (default 4: close neighbours dominate). */
  power?: number;
  /** Abstain (category null) when the confidence is below this (default 0.5). */
  minConfidence?: number;
  /** Similarity at which confidence starts to be damped (default 0.5). */
  minSimilarity?: number;
  /** Divide each vote by (label frequency)^balance so rare categories are not outvoted (default 0). */
  balance?: number;
}

export interface CategoryPrediction {
  category: string | null;
  confidence: number;
  /** Best label even when abstaining. */
  bestGuess: string | null;
  neighbours: { label: string; similarity: number }[];
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Vectors must be L2-normalised (dot product = cosine). */
export class NearestNeighbourCategoriser {
  private readonly items: LabelledVector[];
  private readonly k: number;
  private readonly power: number;
  readonly minConfidence: number;
  private readonly minSimilarity: number;
  private readonly labelWeight = new Map<string, number>();

  constructor(items: readonly LabelledVector[], options: KnnOptions = {}) {
    this.items = [...items];
    const counts = new Map<string, number>();
    for (const it of items) counts.set(it.label, (counts.get(it.label) ?? 0) + 1);
    for (const [l, c] of counts) this.labelWeight.set(l, Math.pow(c, -(options.balance ?? 0)));
    this.k = options.k ?? 7;
    this.power = options.power ?? 4;
    this.minConfidence = options.minConfidence ?? 0.5;
    this.minSimilarity = options.minSimilarity ?? 0.5;
  }

  predict(vector: ArrayLike<number>, minConfidence = this.minConfidence): CategoryPrediction {
    const sims = this.items.map((it, i) => ({ i, s: dot(vector, it.vector) }));
    sims.sort((a, b) => b.s - a.s);
    const top = sims.slice(0, this.k);
    const votes = new Map<string, number>();
    let total = 0;
    for (const { i, s } of top) {
      const w = Math.pow(Math.max(s, 0), this.power) * (this.labelWeight.get(this.items[i].label) ?? 1);
      votes.set(this.items[i].label, (votes.get(this.items[i].label) ?? 0) + w);
      total += w;
    }
    let best: string | null = null;
    let bestW = -1;
    for (const [label, w] of votes) if (w > bestW) [best, bestW] = [label, w];
    const nearest = top.length ? Math.max(0, top[0].s) : 0;
    const share = total > 0 ? bestW / total : 0;
    const damp = Math.min(1, nearest / this.minSimilarity);
    const confidence = share * damp;
    return {
      category: confidence >= minConfidence ? best : null,
      confidence,
      bestGuess: best,
      neighbours: top.slice(0, 3).map(({ i, s }) => ({ label: this.items[i].label, similarity: s })),
    };
  }
}
