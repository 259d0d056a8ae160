import { APIRequestContext, Browser, BrowserContext, expect, Page } from '@playwright/test';
import { apiLogin, ApiSession, bearer } from './pages';

/** Minimal view of a finding for choosing test subjects through the API. */
export interface E2eFinding {
  id: string;
  title: string;
  message: string;
  type: string;
  severity: 'low' | 'medium' | 'high';
  status: string;
  version: number;
}

/** Signs in through the API and opens a browser context whose console already holds that session (no sign-in form). */
export async function consoleAs(browser: Browser, request: APIRequestContext, email: string): Promise<{ context: BrowserContext; page: Page; session: ApiSession }> {
  const session = await apiLogin(request, 'demo', email);
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
  const stored = JSON.stringify({ accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: Date.now() + session.expiresIn * 1000, user: session.user });
  await context.addInitScript((value) => {
    if (!localStorage.getItem('spendguard.console.session')) localStorage.setItem('spendguard.console.session', value);
  }, stored);
  return { context, page: await context.newPage(), session };
}

export async function listFindings(request: APIRequestContext, session: ApiSession, query: string): Promise<E2eFinding[]> {
  const res = await request.get(`/api/findings?${query}`, { headers: bearer(session) });
  expect(res.status()).toBe(200);
  return (await res.json()).items as E2eFinding[];
}

export async function getFinding(request: APIRequestContext, session: ApiSession, id: string): Promise<E2eFinding> {
  const res = await request.get(`/api/findings/${id}`, { headers: bearer(session) });
  expect(res.status()).toBe(200);
  return (await res.json()) as E2eFinding;
}

/**
 * The first start analyses the demo tenant in the background: waits until the analysis runs are done and at
 * least `min` findings are pending (other spec files may have decided some already).
 */
export async function waitForPendingFindings(request: APIRequestContext, session: ApiSession, min: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const runs = (await (await request.get('/api/analysis/runs?limit=500', { headers: bearer(session) })).json()).items as Array<{ status: string }>;
        const settled = runs.length > 0 && runs.every((r) => r.status === 'succeeded' || r.status === 'failed');
        return settled ? (await listFindings(request, session, 'status=pending&limit=500')).length : 0;
      },
      { timeout: 170_000, intervals: [2000] },
    )
    .toBeGreaterThanOrEqual(min);
}
