import { expect, test } from '@playwright/test';
import { consoleAs, E2eFinding, getFinding, listFindings, waitForPendingFindings } from '../support/console';
import { apiLogin, ApiSession, bearer, expectAccessible, saveScreenshot, signInThroughForm } from '../support/pages';

// One reviewer's day in the console against the demo data, in order: the steps share the queue.
test.describe.configure({ mode: 'serial' });

test.describe('console: reviewing the queue', () => {
  let reviewerApi: ApiSession;
  /** A high-severity finding kept for the four-eyes step: claimed now, so neither `n` nor the pending lists take it. */
  let reserved: E2eFinding;

  test.beforeAll(async ({ request }) => {
    test.setTimeout(200_000);
    reviewerApi = await apiLogin(request, 'demo', 'reviewer@demo.test');
    await waitForPendingFindings(request, reviewerApi, 8);
    const high = (await listFindings(request, reviewerApi, 'status=pending&severity=high&limit=50'))[0];
    expect(high, 'a pending high-severity finding in the demo data').toBeDefined();
    const claim = await request.post(`/api/findings/${high.id}/claim`, { headers: bearer(reviewerApi), data: { version: high.version } });
    expect(claim.status()).toBe(200);
    reserved = (await claim.json()) as E2eFinding;
  });

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 960 });
  });

  test('a reviewer signs in, filters the queue, opens a finding and approves it with a rewritten message', async ({ page, request }) => {
    await signInThroughForm(page, 'console', 'demo', 'reviewer@demo.test');
    await expect(page).toHaveURL(/\/console\/queue/);
    await expect(page.getByRole('heading', { name: 'Review queue' })).toBeVisible();
    await expect(page.locator('tr[data-id]').first()).toBeVisible();
    await expectAccessible(page, 'console queue');
    await saveScreenshot(page, 'console-queue');

    await page.getByRole('button', { name: /^Pending \d+/ }).click();
    await expect(page).toHaveURL(/status=pending/);
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Newest first' }).click();
    await expect(page).toHaveURL(/sort=-createdAt/);
    await expect(page.locator('tr[data-id]').first()).toBeVisible();
    const statuses = await page.locator('tr[data-id] .status').allTextContents();
    expect(statuses.every((s) => s.trim() === 'Pending')).toBe(true);

    const first = page.locator('tr[data-id]').first();
    const id = await first.getAttribute('data-id');
    await first.locator('a.title').click();
    await expect(page).toHaveURL(new RegExp(`/console/findings/${id}`));
    await expect(page.getByRole('heading', { name: 'Decision' })).toBeVisible();
    await expect(page.locator('sg-finding-evidence')).not.toBeEmpty();
    await expectAccessible(page, 'console finding');
    await saveScreenshot(page, 'console-finding');

    const rewritten = `We noticed something in your spending and wanted you to know (${Date.now()}).`;
    await page.getByLabel('Message the customer sees').fill(rewritten);
    await expect(page.locator('.preview sg-insight-card')).toContainText(rewritten);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.locator('.kicker .status')).toHaveText('Approved');
    await expect(page.getByText('Approved: the customer sees it as below.')).toBeVisible();
    const approved = await getFinding(request, reviewerApi, id ?? '');
    expect(approved.status).toBe('approved');
    expect(approved.message).toBe(rewritten);
  });

  test('dismisses another with a reason, bulk-approves three and takes the next one with n', async ({ browser, request }) => {
    const { context, page: console } = await consoleAs(browser, request, 'reviewer@demo.test');
    const pending = await listFindings(request, reviewerApi, 'status=pending&sort=-createdAt&limit=100');
    const toDismiss = pending.find((f) => f.severity !== 'high');
    expect(toDismiss, 'a pending finding that is not high severity').toBeDefined();
    await console.goto(`/console/findings/${toDismiss?.id}`);
    await console.getByLabel('Reason').selectOption({ label: 'Duplicate' });
    await console.getByLabel('Dismissal note').fill('Same charge as last week');
    await console.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await expect(console.locator('.kicker .status')).toHaveText('Dismissed');
    expect((await getFinding(request, reviewerApi, toDismiss?.id ?? '')).status).toBe('dismissed');

    await console.goto('/console/queue?status=pending&sort=-createdAt');
    const rows = console.locator('tr[data-id]');
    await expect(rows.nth(3)).toBeVisible();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await rows.nth(i).getAttribute('data-id')) ?? '');
      await rows.nth(i).getByRole('checkbox').check();
    }
    await expect(console.getByText('3 selected')).toBeVisible();
    await console.getByRole('button', { name: 'Approve selected' }).click();
    await expect(console.getByRole('dialog')).toContainText('Approve 3 findings?');
    await console.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await expect(console.locator('.bulk-results')).toContainText('3 of 3 done');
    await saveScreenshot(console, 'console-queue-bulk-results');
    for (const fid of ids) expect((await getFinding(request, reviewerApi, fid)).status).toBe('approved');

    await console.locator('body').click({ position: { x: 5, y: 5 } });
    await console.keyboard.press('?');
    await expect(console.getByRole('dialog')).toContainText('Keyboard shortcuts');
    await expectAccessible(console, 'console shortcuts help');
    await console.keyboard.press('Escape');
    await expect(console.getByRole('dialog')).toHaveCount(0);
    await console.keyboard.press('n');
    await expect(console).toHaveURL(/\/console\/findings\/[0-9a-f-]{36}/);
    await expect(console.locator('.kicker .status')).toHaveText('In review');
    await expect(console.getByText('You are reviewing this finding.')).toBeVisible();
    await context.close();
  });

  test('a second browser session sees a decision appear live', async ({ browser, request }) => {
    const watcher = await consoleAs(browser, request, 'supervisor@demo.test');
    const actor = await consoleAs(browser, request, 'reviewer@demo.test');
    // the event stream is open (its response headers arrived) before the decision is made
    const streamOpen = watcher.page.waitForResponse((r) => r.url().includes('/api/findings/stream'));
    await watcher.page.goto('/console/queue?status=pending&sort=-createdAt');
    await streamOpen;
    const row = watcher.page.locator('tr[data-id]').first();
    await expect(row).toBeVisible();
    const id = (await row.getAttribute('data-id')) ?? '';
    await expect(row.locator('.status')).toHaveText('Pending');

    await actor.page.goto(`/console/findings/${id}`);
    await actor.page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(actor.page.locator('.kicker .status')).toHaveText('Approved');

    await expect(watcher.page.locator(`tr[data-id="${id}"] .status`)).toHaveText('Approved', { timeout: 15_000 });
    await expect(watcher.page.locator(`tr[data-id="${id}"]`)).toContainText('updated');
    await saveScreenshot(watcher.page, 'console-queue-live-update');
    await watcher.context.close();
    await actor.context.close();
  });

  test('a supervisor confirms the dismissal of a high-severity finding', async ({ browser, request }) => {
    const high = reserved;
    const reviewer = await consoleAs(browser, request, 'reviewer@demo.test');
    await reviewer.page.goto(`/console/findings/${high.id}`);
    await expect(reviewer.page.getByText('High severity: a supervisor confirms the dismissal')).toBeVisible();
    await reviewer.page.getByLabel('Reason').selectOption({ label: 'False positive' });
    await reviewer.page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await expect(reviewer.page.locator('.kicker .status')).toHaveText('Awaiting second review');
    await reviewer.context.close();

    const supervisor = await consoleAs(browser, request, 'supervisor@demo.test');
    await supervisor.page.goto('/console/second-review');
    const item = supervisor.page.locator('li.item', { hasText: high.title }).first();
    await expect(item).toBeVisible();
    await expectAccessible(supervisor.page, 'console second review');
    await saveScreenshot(supervisor.page, 'console-second-review');
    await item.getByRole('button', { name: `Confirm the dismissal of ${high.title}` }).click();
    await supervisor.page.getByRole('dialog').getByRole('button', { name: 'Confirm dismissal' }).click();
    await expect(supervisor.page.getByText('Dismissal confirmed')).toBeVisible();
    await expect(supervisor.page.locator('li.item', { hasText: high.title })).toHaveCount(0);
    expect((await getFinding(request, reviewerApi, high.id)).status).toBe('dismissed');
    await supervisor.context.close();
  });
});
