import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import { apiLogin, expectAccessible, openedDialog, PASSWORD, saveScreenshot } from '../support/pages';
import { addRecentHistory, approveOneFinding, choose, registerThroughForm, runAnalysis, uniqueEmail } from '../support/portal';

const root = path.resolve(__dirname, '../../..');
const BANK_CSV = path.resolve(root, '../shared/datasets/personal_finance_kaggle/personal_transactions.csv');

test.use({ viewport: { width: 375, height: 812 } });

/** Every page of the portal at phone width: axe-core without serious or critical findings, and a screenshot. */
async function checkPage(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expectAccessible(page, `portal ${name}`);
  await saveScreenshot(page, `portal-${name}-375`);
}

test.describe('portal: a new customer from registration to an approved insight, at 375 px', () => {
  test.describe.configure({ timeout: 360_000 });

  test('register, expenses, import, budgets, consent, analysis, approved insight, reports, account, revoke', async ({ page, request }) => {
    const email = uniqueEmail();
    const today = new Date().toISOString().slice(0, 10);

    await test.step('register through the bank link', async () => {
      await registerThroughForm(page, 'demo', { displayName: 'Robin Example', email, password: PASSWORD });
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    });

    await test.step('add an expense, with the API checking it', async () => {
      await page.goto('/portal/expenses');
      await expect(page.getByText('No expenses match')).toBeVisible();
      await page.getByRole('button', { name: 'Add expense' }).click();
      const dialog = await openedDialog(page, 'Add an expense');
      await dialog.getByLabel('Date').fill(today);
      await dialog.getByLabel('Amount').fill('12.3');
      await dialog.getByLabel('Description').fill('Lunch with Sam');
      await dialog.getByLabel('Merchant (optional)').fill('Corner Cafe');
      await choose(page, 'Category', 'Dining');
      await expectAccessible(page, 'portal add-expense dialog');
      await saveScreenshot(page, 'portal-expense-dialog-375');
      await dialog.getByRole('button', { name: 'Add expense' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('cell', { name: /^Lunch with Sam/ })).toBeVisible();
      await expect(page.getByRole('cell', { name: '$12.30' })).toBeVisible();
    });

    await test.step('edit the expense and read its history', async () => {
      await page.getByRole('button', { name: 'Actions for Lunch with Sam' }).click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      const dialog = await openedDialog(page, 'Edit expense');
      await dialog.getByLabel('Amount').fill('14.80');
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('cell', { name: '$14.80' })).toBeVisible();
      await page.getByRole('button', { name: 'Actions for Lunch with Sam' }).click();
      await page.getByRole('menuitem', { name: 'Change history' }).click();
      const history = page.getByRole('dialog');
      await expect(history.getByText('Amount: 12.30 → 14.80')).toBeVisible();
      await history.getByRole('button', { name: 'Close' }).click();
      await checkPage(page, 'expenses');
    });

    await test.step('import the bank CSV through the wizard', async () => {
      await page.goto('/portal/import');
      await checkPage(page, 'import');
      await page.locator('input[type=file]').setInputFiles(BANK_CSV);
      await expect(page.getByText("We matched your file's columns")).toBeVisible();
      await expect(page.getByRole('combobox', { name: 'Date column' })).toContainText('date');
      await expectAccessible(page, 'portal import mapping');
      await saveScreenshot(page, 'portal-import-mapping-375');
      await page.getByRole('button', { name: 'Preview import' }).click();
      const commit = page.getByRole('button', { name: /^Import \d+ expenses$/ });
      await expect(commit).toBeVisible();
      await expectAccessible(page, 'portal import preview');
      await saveScreenshot(page, 'portal-import-preview-375');
      const count = Number((await commit.textContent())?.match(/\d+/)?.[0]);
      expect(count).toBeGreaterThan(100);
      await commit.click();
      await expect(page.getByRole('status').filter({ hasText: `${count} expenses imported` })).toBeVisible();
      await saveScreenshot(page, 'portal-import-done-375');
    });

    const customer = await apiLogin(request, 'demo', email);
    await test.step('a year of recent spending arrives through the API', async () => {
      expect(await addRecentHistory(request, customer)).toBeGreaterThan(100);
    });

    await test.step('set budgets', async () => {
      await page.goto('/portal/budgets');
      const groceries = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Groceries', exact: true }) });
      await groceries.getByLabel('Monthly budget').fill('50');
      await groceries.getByRole('button', { name: 'Save budget for Groceries' }).click();
      await expect(page.getByText('Budget for Groceries saved')).toBeVisible();
      const dining = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Dining', exact: true }) });
      await dining.getByLabel('Monthly budget').fill('150');
      await dining.getByRole('button', { name: 'Save budget for Dining' }).click();
      await expect(page.getByText('Budget for Dining saved')).toBeVisible();
      await expect(groceries.getByText(/Spent .* of \$50\.00/)).toBeVisible();
      await checkPage(page, 'budgets');
    });

    await test.step('grant consent', async () => {
      await page.goto('/portal/consent');
      await expect(page.getByText('Analysis is off')).toBeVisible();
      await page.getByRole('button', { name: 'Allow analysis' }).click();
      await expect(page.getByText('Analysis is on')).toBeVisible();
      await checkPage(page, 'consent');
    });

    await test.step('the analysis runs and finds something', async () => {
      const run = await runAnalysis(request, customer);
      expect(run.status).toBe('succeeded');
      expect(run.findingsCreated).toBeGreaterThan(0);
    });

    await test.step('an operator approves a finding, and the insight appears in the open portal', async () => {
      await page.goto('/portal/insights');
      await expect(page.getByText('No insights yet')).toBeVisible();
      const reviewer = await apiLogin(request, 'demo', 'reviewer@demo.test');
      const note = 'We noticed this too. Call us if you need help planning.';
      const approved = await approveOneFinding(request, reviewer, customer.user.id, note);
      const card = page.getByRole('article', { name: approved.title });
      await expect(card).toBeVisible({ timeout: 30_000 });
      await expect(card.getByText(note)).toBeVisible();
      await expect(page.locator('.sg-insight-unread')).toHaveCount(1); // the unread marker
      await checkPage(page, 'insights');
      await page.getByRole('button', { name: `Mark as read: ${approved.title}` }).click();
      await expect(page.getByRole('button', { name: `Mark as unread: ${approved.title}` })).toBeVisible();
    });

    await test.step('the overview shows budgets, forecast, insights and upcoming payments', async () => {
      await page.goto('/portal/home');
      await expect(page.getByRole('heading', { name: 'This month against your budgets' })).toBeVisible();
      await expect(page.locator('.bar-name', { hasText: 'Groceries' })).toBeVisible();
      await expect(page.getByRole('img', { name: /Forecast of total spending/ })).toBeVisible();
      await expect(page.locator('.chart svg')).toBeVisible();
      await expect(page.locator('sg-insight-card')).toHaveCount(1);
      await checkPage(page, 'home');
    });

    await test.step('request an Excel report and download it when ready', async () => {
      await page.goto('/portal/reports');
      await page.getByRole('button', { name: 'Create report' }).click();
      const download = page.getByRole('button', { name: 'Download' });
      await expect(download).toBeVisible({ timeout: 120_000 });
      await checkPage(page, 'reports');
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toMatch(/^spendguard-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const bytes = await (await import('node:fs/promises')).readFile(await file.path());
      expect(bytes.subarray(0, 2).toString()).toBe('PK'); // an .xlsx is a zip file
    });

    await test.step('account: sessions and sign-out', async () => {
      await page.goto('/portal/account');
      await expect(page.getByText('this device')).toBeVisible();
      await checkPage(page, 'account');
    });

    await test.step('revoke consent', async () => {
      await page.goto('/portal/consent');
      await page.getByRole('button', { name: 'Stop analysis' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Stop analysis' }).click();
      await expect(page.getByText('Analysis is off')).toBeVisible();
      await expect(page.getByText(/^Stopped on /)).toBeVisible();
      const refused = await request.post('/api/analysis/runs', { headers: { authorization: `Bearer ${customer.accessToken}` }, data: {} });
      expect(refused.status()).toBe(422);
    });

    await test.step('sign out', async () => {
      await page.goto('/portal/account');
      await page.getByRole('main').getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(page).toHaveURL(/sign-in/);
    });
  });
});
