import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The all-in-one product exactly as `npm start` runs it, on a fresh data directory (so the demo seed
// runs) and its own ports, driven over HTTP and in Debian's Chromium (no browser download).
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'spendguard-e2e-'));
process.env.E2E_DATA_DIR = dataDir; // the config is evaluated again in workers: keep one directory
const root = path.resolve(__dirname, '../..');

export default defineConfig({
  testDir: './tests',
  outputDir: path.join(root, 'dist/e2e/test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 }, // bcrypt sign-ins and the first analysis share two cores with the browser
  reporter: [['list'], ['html', { outputFolder: path.join(root, 'dist/e2e/report'), open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROME_BIN'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'node tools/start.mjs',
    cwd: root,
    url: `http://127.0.0.1:${port}/api/health/ready`,
    timeout: 420_000, // the first start builds the API, the worker and both front ends
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(port + 1000),
      // every spec signs in from 127.0.0.1: the per-IP sign-in limit (20/min, tested in the API's own tests)
      // would otherwise throttle the suite; lockout after failed passwords stays as configured
      AUTH_RATE_LIMIT: '1000',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
  },
});
