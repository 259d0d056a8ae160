import { expect, test } from '@playwright/test';
import { consoleAs } from '../support/console';
import { expectAccessible, saveScreenshot } from '../support/pages';

// Every other console page, as the tenant admin (who sees all of them): accessible, with loading done, screenshotted.
test.describe('console: customers, dashboard and administration', () => {
  test('customers list and a customer with expenses and past findings', async ({ browser, request }) => {
    const { context, page } = await consoleAs(browser, request, 'admin@demo.test');
    await page.goto('/console/customers');
    await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
    await expect(page.locator('table tbody tr a').first()).toBeVisible();
    await page.getByLabel('Search by name or email').fill('customer@demo.test');
    await expect(page.locator('table tbody tr')).toHaveCount(1);
    await expectAccessible(page, 'console customers');
    await saveScreenshot(page, 'console-customers');

    await page.locator('table tbody tr a').first().click();
    await expect(page).toHaveURL(/\/console\/customers\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { name: 'Expenses' })).toBeVisible();
    await expect(page.locator('section[aria-labelledby=expenses-title] tbody tr').first()).toBeVisible();
    await expect(page.getByText('Consent to analysis')).toBeVisible();
    await expect(page.locator('section[aria-labelledby=budgets-title] tbody tr').first()).toBeVisible();
    await expectAccessible(page, 'console customer');
    await saveScreenshot(page, 'console-customer');
    await context.close();
  });

  test('dashboard charts', async ({ browser, request }) => {
    const { context, page } = await consoleAs(browser, request, 'admin@demo.test');
    await page.goto('/console/dashboard');
    await expect(page.getByText('Open findings', { exact: true })).toBeVisible();
    await expect(page.locator('[echarts] svg').first()).toBeVisible();
    await page.getByRole('radio', { name: '7 days' }).click();
    await expect(page.getByText('Approval rate')).toBeVisible();
    await expectAccessible(page, 'console dashboard');
    await saveScreenshot(page, 'console-dashboard');
    await context.close();
  });

  test('administration: operators, tenant settings, suppression rules, analysis queue with "run nightly now"', async ({ browser, request }) => {
    const { context, page } = await consoleAs(browser, request, 'admin@demo.test');
    await page.goto('/console/admin');
    await expect(page).toHaveURL(/\/console\/admin\/users/);
    await expect(page.getByRole('cell', { name: 'reviewer@demo.test' })).toBeVisible();
    await expectAccessible(page, 'console admin operators');
    await saveScreenshot(page, 'console-admin-users');

    await page.getByRole('tab', { name: 'Tenant settings' }).click();
    await expect(page.getByLabel('Nightly analysis at')).toBeVisible();
    await expect(page.getByRole('switch', { name: /Four-eyes/ })).toBeChecked();
    await expectAccessible(page, 'console admin tenant');
    await saveScreenshot(page, 'console-admin-tenant');

    await page.getByRole('tab', { name: 'Suppression rules' }).click();
    await page.getByLabel('Merchant').fill(`E2E Gym ${Date.now()}`);
    await page.getByLabel('Why (note)').fill('Known gym membership');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByRole('cell', { name: 'Known gym membership' }).first()).toBeVisible();
    await expectAccessible(page, 'console admin suppressions');
    await saveScreenshot(page, 'console-admin-suppressions');

    await page.getByRole('tab', { name: 'Analysis queue' }).click();
    await expect(page.getByText('Oldest waiting job')).toBeVisible();
    await page.getByRole('button', { name: 'Run nightly now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Run now' }).click();
    // the snack bar moves its text into its live region once announced (until then it sits in an aria-hidden copy)
    await expect(page.locator('[id^=mat-snack-bar-container-live]', { hasText: /queued for \d{4}-\d{2}-\d{2}/ })).toBeVisible();
    await expect(page.locator('mat-snack-bar-container')).toHaveCount(1); // the previous one has left
    await expectAccessible(page, 'console admin queue');
    await saveScreenshot(page, 'console-admin-queue');
    await context.close();
  });
});
