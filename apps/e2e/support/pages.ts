import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, expect, Locator, Page, test } from '@playwright/test';
import path from 'node:path';

export const PASSWORD = 'Demo-Password-1';
const root = path.resolve(__dirname, '../../..');
/** Screenshots of every page end up here (and attached to the HTML report). */
export const SCREENSHOT_DIR = path.join(root, 'dist/e2e/screenshots');

/** axe-core on the current page: no serious or critical violation (the bar), with the details on failure. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = blocking.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  expect(blocking, `accessibility violations on ${what}:\n${report}`).toEqual([]);
}

/**
 * A Material dialog once it has finished opening. Its focus trap moves focus to the first field only when the open
 * animation ends (a timer, late on a busy machine); text typed before then goes wherever focus lands, and the date
 * input that receives it swallows it, so a field can silently stay empty.
 */
export async function openedDialog(page: Page, name: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog.and(page.locator(':focus-within'))).toHaveCount(1);
  return dialog;
}

/**
 * A full-page screenshot saved under dist/e2e/screenshots/<name>.png and attached to the report. The apps' shells
 * scroll their content inside the sidenav container, not the document, so the viewport is stretched to the
 * content's height for the picture (Playwright's fullPage only sees the document) and restored afterwards.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  const contentHeight = await page.evaluate(() => {
    const scroller = document.querySelector('mat-sidenav-content');
    const toolbar = document.querySelector('mat-toolbar');
    return scroller ? scroller.scrollHeight + (toolbar?.getBoundingClientRect().height ?? 0) : 0;
  });
  const stretch = viewport !== null && contentHeight > viewport.height;
  if (stretch) await page.setViewportSize({ width: viewport.width, height: Math.min(Math.ceil(contentHeight), 8000) });
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    if (stretch) await page.setViewportSize(viewport);
  }
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

export interface ApiSession {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: string; tenantId: string; tenantSlug: string; displayName: string };
}

/** Signs in through the API (for setting up state; the UI's own sign-in is tested through the form). */
export async function apiLogin(request: APIRequestContext, tenant: string, email: string, password = PASSWORD): Promise<ApiSession> {
  const res = await request.post('/api/auth/login', { data: { tenant, email, password } });
  expect(res.status(), `login ${email}`).toBe(200);
  return (await res.json()) as ApiSession;
}

export const bearer = (session: ApiSession) => ({ authorization: `Bearer ${session.accessToken}` });

/** Signs in through the sign-in form of the console or the portal. */
export async function signInThroughForm(page: Page, app: 'console' | 'portal', tenant: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`/${app}/sign-in`);
  const tenantField = page.getByLabel(app === 'console' ? 'Tenant' : 'Bank');
  if (await tenantField.first().isVisible()) await tenantField.first().fill(tenant);
  await page.getByLabel('Email').first().fill(email);
  await page.getByLabel('Password').first().fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}
