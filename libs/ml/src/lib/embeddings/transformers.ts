/**
 * A local sentence-transformer folder (e.g. all-MiniLM-L6-v2 in the transformers.js layout) run with
 * @xenova/transformers: tokenise in batches, mean-pool the last hidden state over the attention mask,
 * L2-normalise. Remote downloads are off unless `allowRemoteModels` is set.
 */
import * as path from 'node:path';
import { l2normalise, nativeRequire, type EmbeddingProvider } from './provider';

export interface TransformersEmbedderOptions {
  /** Folder name under `modelsDir` (or a hub id when remote models are allowed). */
  model: string;
  /** Directory holding model folders (default `ml-artifacts/models`, relative to the working directory). */
  modelsDir?: string;
  /** Permit downloading from the model hub (default false: nothing leaves the machine). */
  allowRemoteModels?: boolean;
  /** Use onnx/model_quantized.onnx (default true). */
  quantized?: boolean;
  batchSize?: number;
  maxLength?: number;
}

interface Tensor {
  data: ArrayLike<number | bigint>;
  dims: number[];
}
type Tokenizer = (texts: string[], opts: Record<string, unknown>) => Record<string, Tensor>;
type Model = (inputs: Record<string, Tensor>) => Promise<Record<string, Tensor>>;

/** Mean of token vectors where the attention mask is 1, per sequence: [B, T, H] -> B x [H]. */
export function meanPool(hidden: Tensor, mask: Tensor): Float32Array[] {
  const [B, T, H] = hidden.dims;
  const out: Float32Array[] = [];
  for (let b = 0; b < B; b++) {
    const v = new Float32Array(H);
    let count = 0;
    for (let t = 0; t < T; t++) {
      if (Number(mask.data[b * T + t]) === 0) continue;
      count++;
      const off = (b * T + t) * H;
      for (let h = 0; h < H; h++) v[h] += Number(hidden.data[off + h]);
    }
    if (count > 0) for (let h = 0; h < H; h++) v[h] /= count;
    out.push(v);
  }
  return out;
}

export class TransformersEmbedder implements EmbeddingProvider {
  readonly modelId: string;
  private loading: Promise<{ tokenizer: Tokenizer; model: Model }> | null = null;

  constructor(private readonly options: TransformersEmbedderOptions) {
    this.modelId = `transformers:${options.model}${options.quantized === false ? '' : ':q'}`;
  }

  private load(): Promise<{ tokenizer: Tokenizer; model: Model }> {
    if (!this.loading) {
      this.loading = (async () => {
        const tr = nativeRequire('@xenova/transformers') as {
          env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
          AutoTokenizer: { from_pretrained(id: string): Promise<Tokenizer> };
          AutoModel: { from_pretrained(id: string, o: Record<string, unknown>): Promise<Model> };
        };
        tr.env.allowLocalModels = true;
        tr.env.allowRemoteModels = this.options.allowRemoteModels ?? false;
        tr.env.localModelPath = path.resolve(this.options.modelsDir ?? 'ml-artifacts/models') + path.sep;
        const tokenizer = await tr.AutoTokenizer.from_pretrained(this.options.model);
        const model = await tr.AutoModel.from_pretrained(this.options.model, { quantized: this.options.quantized ?? true });
        return { tokenizer, model };
      })();
      this.loading.catch(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const { tokenizer, model } = await this.load();
    const bs = Math.max(1, this.options.batchSize ?? 32);
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += bs) {
      const batch = texts.slice(i, i + bs).map((t) => t || ' ');
      const inputs = tokenizer(batch, { padding: true, truncation: true, max_length: this.options.maxLength ?? 128 });
      const result = await model(inputs);
      const hidden = result.last_hidden_state ?? Object.values(result)[0];
      for (const v of meanPool(hidden, inputs.attention_mask)) out.push(l2normalise(v));
    }
    return out;
  }
}
