import { expect, test } from '@playwright/test';
import { expectAccessible, saveScreenshot } from '../support/pages';

test.use({ viewport: { width: 375, height: 812 } });

test.describe('portal: the bank link, sign-in and sign-out at 375 px', () => {
  test('/ leads to the portal, and /portal/<tenant> fixes the bank for sign-in', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/portal\//);
    await page.goto('/portal/demo');
    await expect(page.getByLabel('Bank')).toHaveCount(0);
    await expectAccessible(page, 'portal sign-in');
    await saveScreenshot(page, 'portal-sign-in-375');
    await page.getByLabel('Email').first().fill('customer@demo.test');
    await page.getByLabel('Password').first().fill('Demo-Password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/portal\/home/);
  });

  test('an operator cannot use the portal', async ({ page }) => {
    await page.goto('/portal/demo');
    await page.getByLabel('Email').first().fill('reviewer@demo.test');
    await page.getByLabel('Password').first().fill('Demo-Password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('This portal is for customers');
  });
});
