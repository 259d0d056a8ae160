import { expect, test } from '@playwright/test';
import { expectAccessible, saveScreenshot, signInThroughForm } from '../support/pages';

test.describe('console: sign-in and navigation', () => {
  test('the sign-in page is accessible and refuses wrong credentials with a clear message', async ({ page }) => {
    await page.goto('/console/');
    await expect(page).toHaveURL(/\/console\/sign-in/);
    await expectAccessible(page, 'console sign-in');
    await saveScreenshot(page, 'console-sign-in');
    await page.getByLabel('Tenant').fill('demo');
    await page.getByLabel('Email').fill('reviewer@demo.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(/password/i);
  });

  test('a customer cannot use the console', async ({ page }) => {
    await page.goto('/console/sign-in');
    await page.getByLabel('Tenant').fill('demo');
    await page.getByLabel('Email').fill('customer@demo.test');
    await page.getByLabel('Password').fill('Demo-Password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('This console is for operators');
  });

  test('navigation follows the role: reviewers do not see administration, admins do', async ({ page }) => {
    await signInThroughForm(page, 'console', 'demo', 'reviewer@demo.test');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Review queue' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Administration' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/sign-in/);
    await signInThroughForm(page, 'console', 'demo', 'admin@demo.test');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' })).toBeVisible();
  });

  test('deep links are served by the single-page app and survive a reload', async ({ page }) => {
    await signInThroughForm(page, 'console', 'demo', 'reviewer@demo.test');
    await page.goto('/console/customers');
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  });
});
