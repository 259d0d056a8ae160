import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '@spendguard/server-testing';

const root = path.resolve(__dirname, '../../..');

function runTs(entry: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, ['-r', './tools/ts-register.cjs', entry], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker process', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('starts, connects to PostgreSQL, and stops cleanly on SIGTERM', async () => {
    const worker = runTs('apps/worker/src/main.ts', {
      NODE_ENV: 'development',
      DATABASE_URL: db.appUrl,
      JWT_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'info',
    });
    await waitFor(() => /Worker connected to PostgreSQL/.test(worker.output()), 30_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/Worker stopping on SIGTERM/);
    expect(worker.output()).toMatch(/Worker stopped/);
    const lines = worker.output().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  }, 60_000);

  it('refuses to start in production without its secrets, saying which are missing', async () => {
    const worker = runTs('apps/worker/src/main.ts', { NODE_ENV: 'production' });
    expect(await worker.exited).toBe(78);
    expect(worker.output()).toMatch(/DATABASE_URL is required in production/);
    expect(worker.output()).toMatch(/JWT_SECRET is required in production/);
  }, 60_000);

  it('the API refuses to start in production without JWT_SECRET', async () => {
    const api = runTs('apps/api/src/main.ts', { NODE_ENV: 'production', DATABASE_URL: db.appUrl });
    expect(await api.exited).toBe(78);
    expect(api.output()).toMatch(/JWT_SECRET is required in production/);
    expect(api.output()).not.toMatch(/DATABASE_URL/);
  }, 60_000);
});
