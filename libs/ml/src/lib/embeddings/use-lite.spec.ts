import { UseLiteEmbedder } from './use-lite';

// Its own file: the model is loaded once per module registry, and this test needs the first load.
describe('Universal Sentence Encoder lite: loading', () => {
  const instantiate = WebAssembly.instantiate;

  afterEach(() => {
    WebAssembly.instantiate = instantiate;
  });

  it('loads when the WASM backend starts slower than the weights are read (a loaded CI machine)', async () => {
    // The weights are decoded into tensors as soon as they are read; a backend still compiling then
    // throws "Backend 'wasm' has not yet been initialized" unless loading waits for it.
    WebAssembly.instantiate = ((...args: Parameters<typeof instantiate>) =>
      new Promise((resolve) => setTimeout(resolve, 1500)).then(() => instantiate(...args))) as typeof instantiate;
    const [vector] = await new UseLiteEmbedder().embed(['coffee with a friend']);
    expect(vector).toHaveLength(512);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });
});
