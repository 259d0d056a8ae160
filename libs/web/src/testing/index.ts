// Test support shared by the console's and the portal's component tests (`@spendguard/web/testing`); never bundled.

/**
 * EventSource is a browser API jsdom lacks. This stand-in records the streams a page opens, so a test can play the
 * server's part and push server-sent events through `emit`.
 */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, Array<(e: MessageEvent<string>) => void>>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (e: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  emit(type: string, data: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  /** The stream opened last and still open. */
  static latest(): FakeEventSource | undefined {
    return FakeEventSource.instances.filter((s) => !s.closed).at(-1);
  }

  /** Replaces the global EventSource with this stand-in and forgets earlier streams. */
  static install(): void {
    FakeEventSource.instances = [];
    (globalThis as unknown as { EventSource: unknown }).EventSource = FakeEventSource;
  }
}
