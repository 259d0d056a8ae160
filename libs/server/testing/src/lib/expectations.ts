/**
 * Polls `probe` until it answers something truthy, and answers that; throws once `timeoutMs` has passed.
 * For state that a worker, a queue or another process changes in the background.
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A clear API error: the status, a non-empty message, and nothing from inside the server (stack, SQL, file paths). */
export function expectClearError(res: { status: number; body: Record<string, unknown> }, status: number, message?: string | RegExp): void {
  expect({ status: res.status, statusCode: res.body['statusCode'] }).toEqual({ status, statusCode: status });
  const text = Array.isArray(res.body['message']) ? (res.body['message'] as string[]).join('; ') : res.body['message'];
  expect(typeof text).toBe('string');
  expect((text as string).length).toBeGreaterThan(0);
  if (message) expect(text).toMatch(message);
  expect(JSON.stringify(res.body)).not.toMatch(/stack|node_modules|\.ts:\d|QueryFailed|\bSELECT\b|\bUPDATE\b/);
}
