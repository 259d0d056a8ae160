/** TF-IDF bag-of-words vectors (the nearest-neighbour baseline the embedding approach is compared with). */

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

export class TfidfVectorizer {
  private vocab = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);

  fit(texts: readonly string[]): this {
    const df = new Map<string, number>();
    for (const t of texts) for (const w of new Set(tokenize(t))) df.set(w, (df.get(w) ?? 0) + 1);
    this.vocab = new Map([...df.keys()].sort().map((w, i) => [w, i]));
    this.idf = new Float64Array(this.vocab.size);
    const n = texts.length;
    for (const [w, i] of this.vocab) this.idf[i] = Math.log((1 + n) / (1 + (df.get(w) as number))) + 1; // smooth idf as scikit-learn
    return this;
  }

  /** Sparse L2-normalised vector as a dense Float32Array over the vocabulary. */
  transform(text: string): Float32Array {
    const v = new Float32Array(this.vocab.size);
    for (const w of tokenize(text)) {
      const i = this.vocab.get(w);
      if (i !== undefined) v[i] += this.idf[i];
    }
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    const norm = Math.sqrt(s);
    if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
    return v;
  }
}
