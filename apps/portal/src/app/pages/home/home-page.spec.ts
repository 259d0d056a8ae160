import { TestBed } from '@angular/core/testing';
import type { BudgetStatusView, ForecastView, InsightView, UpcomingChargesView } from '@spendguard/contracts';
import { FakeEventSource, portalProviders, render, signedInCustomer } from '../../../testing/portal-testing';
import { budgetBar, HomePage } from './home-page';

const status: BudgetStatusView = {
  month: '2026-11',
  currency: 'USD',
  daysInMonth: 30,
  daysElapsed: 22,
  daysLeft: 8,
  projectionMethod: 'forecast',
  missingRates: [],
  items: [
    { categoryId: 'g', category: 'Groceries', budget: '300.00', spent: '280.00', remaining: '20.00', percentUsed: 93.3, projected: '380.00', projectedLow: '350.00', projectedHigh: '410.00' },
    { categoryId: 'd', category: 'Dining', budget: '200.00', spent: '50.00', remaining: '150.00', percentUsed: 25, projected: null, projectedLow: null, projectedHigh: null },
  ],
};
const forecast: ForecastView = {
  asOf: '2026-11-22',
  currency: 'USD',
  months: ['2026-11', '2026-12', '2027-01'],
  total: [
    { month: '2026-11', mean: '1500.00', lo80: '1400.00', hi80: '1650.00' },
    { month: '2026-12', mean: '1700.00', lo80: '1500.00', hi80: '1900.00' },
    { month: '2027-01', mean: '1450.00', lo80: '1250.00', hi80: '1700.00' },
  ],
  categories: [],
};
const insight = (id: string, readAt: string | null): InsightView => ({
  id,
  type: 'forecast_overrun',
  title: `Insight ${id}`,
  message: 'Groceries may go over budget.',
  annotations: [{ body: 'Happy to help you plan.', at: '2026-11-20T10:00:00Z' }],
  approvedAt: '2026-11-20T10:00:00Z',
  readAt,
});
const upcoming: UpcomingChargesView = {
  asOf: '2026-11-22',
  currency: 'USD',
  days: 45,
  items: [{ merchant: 'Netflix', category: 'Subscriptions', cadence: 'monthly', nextDate: '2026-12-05', nextAmount: '15.49', lastDate: '2026-11-05', lastAmount: '15.49', occurrences: 12 }],
};

describe('home page', () => {
  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [HomePage], providers: portalProviders() });
  });

  it('shows the month against budget with the forecast interval, the forecast, insights with unread markers and upcoming payments', async () => {
    const { el, backend, settle } = await render(HomePage);
    backend.expectOne('/api/budgets/status').flush(status);
    backend.expectOne('/api/outlook/forecast').flush(forecast);
    backend.expectOne('/api/insights').flush({ items: [insight('a', null), insight('b', '2026-11-21T10:00:00Z')] });
    backend.expectOne('/api/outlook/recurring').flush(upcoming);
    await settle();

    const text = el.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(text).toContain('$280.00 of $300.00');
    expect(text).toContain('Expected by month end: $380.00 (likely $350.00 to $410.00)');
    expect(text).toContain('This may go over budget.');
    expect(el.querySelectorAll('.interval')).toHaveLength(1); // Dining has no projection, so no interval
    expect(el.querySelector('.chart')?.getAttribute('aria-label')).toContain('December 2026 about $1,700.00 (likely $1,500.00 to $1,900.00)');
    expect(el.querySelectorAll('sg-insight-card')).toHaveLength(2);
    expect(el.querySelectorAll('.sg-insight-unread')).toHaveLength(1);
    expect(text).toContain('1 new');
    expect(text).toContain('Netflix');
    expect(text).toContain('$15.49');
    backend.verify();
  });

  it('a newly approved insight arrives live and is announced', async () => {
    const { el, backend, settle } = await render(HomePage);
    backend.expectOne('/api/budgets/status').flush({ ...status, items: [] });
    backend.expectOne('/api/outlook/forecast').flush({ ...forecast, total: [], months: [] });
    backend.expectOne('/api/insights').flush({ items: [] });
    backend.expectOne('/api/outlook/recurring').flush({ ...upcoming, items: [] });
    await settle();
    expect(el.textContent).toContain('No insights yet');
    expect(el.textContent).toContain('No budgets yet');

    const stream = FakeEventSource.instances.find((s) => s.url.startsWith('/api/insights/stream'));
    expect(stream?.url).toBe('/api/insights/stream?access_token=access-1');
    stream?.emit('insight.created', { id: 'n', type: 'anomaly', approvedAt: '2026-11-22T10:00:00Z' });
    backend.expectOne('/api/insights').flush({ items: [insight('n', null)] });
    await settle();
    expect(el.textContent).toContain('Insight n');
    expect(el.textContent).toContain('A new insight has arrived.');
    expect(el.querySelectorAll('.sg-insight-unread')).toHaveLength(1);
  });

  it('shows the API error with a retry for a failed part only', async () => {
    const { el, backend, settle } = await render(HomePage);
    backend.expectOne('/api/budgets/status').flush({ statusCode: 500, error: 'Internal', message: 'Something broke' }, { status: 500, statusText: 'Internal' });
    backend.expectOne('/api/outlook/forecast').flush(forecast);
    backend.expectOne('/api/insights').flush({ items: [] });
    backend.expectOne('/api/outlook/recurring').flush(upcoming);
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Something broke');
    (el.querySelector('[role=alert] button') as HTMLButtonElement).click();
    backend.expectOne('/api/budgets/status').flush(status);
    await settle();
    expect(el.querySelector('[role=alert]')).toBeNull();
    expect(el.textContent).toContain('Groceries');
  });

  it('without analysis consent: a note linking to the Consent page instead of the forecast and regular payments, budget bars on the pace projection', async () => {
    const { el, backend, settle } = await render(HomePage);
    const pace: BudgetStatusView = {
      ...status,
      projectionMethod: 'pace',
      items: [{ ...status.items[0], projected: '381.82', projectedLow: '300.00', projectedHigh: '460.00' }],
    };
    backend.expectOne('/api/budgets/status').flush(pace);
    backend.expectOne('/api/outlook/forecast').flush({ asOf: '2026-11-22', currency: 'USD', months: [], total: [], categories: [], consentRequired: true });
    backend.expectOne('/api/insights').flush({ items: [] });
    backend.expectOne('/api/outlook/recurring').flush({ asOf: '2026-11-22', currency: 'USD', days: 45, items: [], consentRequired: true });
    await settle();

    const text = el.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(el.querySelector('.chart')).toBeNull();
    expect(el.querySelector('[role=alert]')).toBeNull();
    expect(text).not.toContain('Add a few months of expenses');
    expect(text).not.toContain('No regular payments expected');
    expect(text).toContain('you have not allowed that');
    const links = [...el.querySelectorAll<HTMLAnchorElement>('.consent-note a')];
    expect(links).toHaveLength(2);
    for (const a of links) expect(a.getAttribute('href')).toBe('/consent');
    // the budget bars still work, on this month's pace
    expect(text).toContain('$280.00 of $300.00');
    expect(text).toContain('Expected by month end: $381.82 (likely $300.00 to $460.00)');
    expect(text).toContain('at the same pace');
    expect(el.querySelectorAll('.bar .interval')).toHaveLength(1);
    backend.verify();
  });

  it('says nothing about consent or pace when the forecast is there', async () => {
    const { el, backend, settle } = await render(HomePage);
    backend.expectOne('/api/budgets/status').flush(status);
    backend.expectOne('/api/outlook/forecast').flush({ ...forecast, consentRequired: false });
    backend.expectOne('/api/insights').flush({ items: [] });
    backend.expectOne('/api/outlook/recurring').flush({ ...upcoming, consentRequired: false });
    await settle();
    expect(el.querySelector('.consent-note')).toBeNull();
    expect(el.querySelector('.chart')).not.toBeNull();
    expect(el.textContent).not.toContain('at the same pace');
  });

  it('scales a budget bar to 150% of the budget so an overrun stays visible', () => {
    const bar = budgetBar(status.items[0]);
    expect(bar.spentPct).toBeCloseTo(62.2, 1);
    expect(bar.highPct).toBeCloseTo(91.1, 1);
    expect(bar.over).toBe(true);
  });
});
