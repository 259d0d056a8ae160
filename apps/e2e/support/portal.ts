import { APIRequestContext, expect, Page } from '@playwright/test';
import { ApiSession, bearer } from './pages';

/** A new customer's address, unique per run so the journey can be repeated against the same database. */
export function uniqueEmail(prefix = 'portal'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@demo.test`;
}

/** Registers through the bank's own link (`/portal/<tenant>`): the form signs in and lands on the overview. */
export async function registerThroughForm(page: Page, tenant: string, account: { displayName: string; email: string; password: string }): Promise<void> {
  await page.goto(`/portal/${tenant}`);
  await page.getByRole('tab', { name: 'Create an account' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Create an account' });
  await panel.getByLabel('Your name').fill(account.displayName);
  await panel.getByLabel('Email').fill(account.email);
  await panel.getByLabel('Password').fill(account.password);
  await panel.getByRole('button', { name: 'Create account' }).click();
  // Registration and sign-in are two bcrypt hashes on a busy CI machine.
  await expect(page).toHaveURL(/\/portal\/home/, { timeout: 60_000 });
}

/** Picks an option of a Material select by the select's label. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000));

/**
 * A year of ordinary recent spending (rent, a subscription, groceries, dining) and one unusually large purchase
 * two days ago, added through the API's batch endpoint: the bank CSV of the journey is from 2018, which the
 * analysis (the last 24 months) would not look at.
 */
export async function addRecentHistory(request: APIRequestContext, session: ApiSession): Promise<number> {
  const items: Array<Record<string, unknown>> = [];
  for (let d = 365; d >= 3; d--) {
    const date = new Date(Date.now() - d * 86_400_000);
    const day = date.getUTCDate();
    const on = iso(date);
    const add = (description: string, category: string, amount: number, merchant?: string) =>
      items.push({ externalId: `e2e-history:${on}:${description}`, occurredAt: on, amount: amount.toFixed(2), description, merchant, category });
    if (day === 1) add('Monthly rent', 'Housing', 1200, 'Parkside Apartments');
    if (day === 5) add('Streaming subscription', 'Subscriptions', 15.49, 'Netflix');
    if (day % 7 === 2) add('Weekly groceries', 'Groceries', 80 + ((d * 37) % 25), 'Fresh Market');
    if (day % 10 === 6) add('Dinner out', 'Dining', 35 + ((d * 13) % 20), 'Corner Bistro');
  }
  items.push({ externalId: 'e2e-history:anomaly', occurredAt: daysAgo(2), amount: '4850.00', description: 'Luxury watch', merchant: 'Grand Horology Boutique', category: 'Shopping' });
  const res = await request.post('/api/expenses/batch', { headers: bearer(session), data: { items } });
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as { created: number; failed: unknown[] };
  expect(body.failed).toEqual([]);
  return body.created;
}

/** Requests an analysis run for the signed-in customer and waits until it has finished. */
export async function runAnalysis(request: APIRequestContext, session: ApiSession): Promise<{ status: string; findingsCreated: number }> {
  const started = await request.post('/api/analysis/runs', { headers: bearer(session), data: {} });
  expect(started.status(), await started.text()).toBe(202);
  const { id } = (await started.json()) as { id: string };
  let run = { status: 'queued', findingsCreated: 0 };
  await expect
    .poll(
      async () => {
        run = (await (await request.get(`/api/analysis/runs/${id}`, { headers: bearer(session) })).json()) as typeof run;
        return run.status;
      },
      { timeout: 180_000, intervals: [1000, 2000, 3000] },
    )
    .toMatch(/succeeded|failed/);
  return run;
}

interface FindingSummary {
  id: string;
  type: string;
  severity: string;
  title: string;
  version: number;
}

/**
 * A reviewer claims one of the customer's pending findings and approves it with a customer-visible note, through
 * the API exactly as the console does (each decision with the finding's current version). Returns its title.
 */
export async function approveOneFinding(request: APIRequestContext, reviewer: ApiSession, customerId: string, note: string): Promise<FindingSummary> {
  const list = await request.get('/api/findings', { headers: bearer(reviewer), params: { customerId, status: 'pending', limit: 50 } });
  expect(list.status()).toBe(200);
  const items = ((await list.json()) as { items: FindingSummary[] }).items;
  expect(items.length, 'the analysis should have found something to review').toBeGreaterThan(0);
  const finding = items[0];
  const annotated = await request.post(`/api/findings/${finding.id}/annotate`, { headers: bearer(reviewer), data: { body: note, visibility: 'customer' } });
  expect(annotated.status(), await annotated.text()).toBeLessThan(300);
  const current = (await (await request.get(`/api/findings/${finding.id}`, { headers: bearer(reviewer) })).json()) as FindingSummary;
  const claimed = await request.post(`/api/findings/${finding.id}/claim`, { headers: bearer(reviewer), data: { version: current.version } });
  expect(claimed.status(), await claimed.text()).toBe(200);
  const { version } = (await claimed.json()) as FindingSummary;
  const approved = await request.post(`/api/findings/${finding.id}/approve`, { headers: bearer(reviewer), data: { version } });
  expect(approved.status(), await approved.text()).toBe(200);
  return (await approved.json()) as FindingSummary;
}
