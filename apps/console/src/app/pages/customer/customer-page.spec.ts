import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { consoleTestProviders, finding, flushTenant, page, REVIEWER, signInAs } from '../../../testing/console-testing';
import { CustomerPage } from './customer-page';

describe('customer page', () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;
  const el = () => harness.routeNativeElement as HTMLElement;
  const settle = async () => {
    await harness.fixture.whenStable();
    harness.detectChanges();
  };
  const budgets = (month: string) => ({
    month,
    currency: 'USD',
    daysInMonth: 30,
    daysElapsed: 22,
    daysLeft: 9,
    projectionMethod: 'pace',
    items: [{ categoryId: 'g', category: 'Groceries', budget: '400.00', spent: '450.00', remaining: '-50.00', percentUsed: 112.5, projected: '600.00', projectedLow: '560.00', projectedHigh: '650.00' }],
    missingRates: [],
  });

  beforeEach(async () => {
    signInAs(REVIEWER);
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'customers/:id', component: CustomerPage }], withComponentInputBinding()), ...consoleTestProviders()] });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/customers/c1', CustomerPage);
  });
  afterEach(() => {
    flushTenant(backend);
    backend.verify();
  });

  it('shows consent, past findings with their decisions, the budgets of the month and the expenses; months can be browsed', async () => {
    backend.expectOne('/api/operator/customers/c1').flush({
      id: 'c1', displayName: 'Casey Customer', email: 'casey@demo.test', consent: true, lastAnalysisAt: '2026-11-22T07:00:00Z', openFindings: 1, createdAt: '2024-01-01T00:00:00Z',
      consentState: { granted: true, grantedAt: '2024-01-02T00:00:00Z', revokedAt: null }, consentHistory: [], expenses: { count: 2, firstOn: '2024-01-03', lastOn: '2026-11-20' },
    });
    const expenses = backend.expectOne((r) => r.url === '/api/operator/customers/c1/expenses');
    expect(expenses.request.params.get('sort')).toBe('-occurredAt');
    expenses.flush({ items: [{ id: 'e1', occurredAt: '2026-11-20', occurredOn: '2026-11-20', amount: '42.10', currency: 'USD', description: 'Corner market', merchant: 'Corner', categoryId: 'g', category: 'Groceries', notes: null, refund: false, source: 'manual', externalId: null, version: 1, createdAt: '', updatedAt: '' }], nextCursor: null, total: 1 });
    const findings = backend.expectOne((r) => r.url === '/api/findings' && r.params.get('customerId') === 'c1');
    findings.flush(page([finding({ title: 'Old false alarm', status: 'dismissed', dismissReason: 'false_positive', decidedAt: '2026-10-01T10:00:00Z' })]));
    backend.expectOne((r) => r.url === '/api/operator/customers/c1/budgets/status' && !r.params.has('month')).flush(budgets('2026-11'));
    backend.expectOne((r) => r.url === '/api/analysis/runs').flush({ items: [] });
    await settle();

    const text = el().textContent ?? '';
    expect(el().querySelector('h1')?.textContent).toBe('Casey Customer');
    expect(text).toContain('Granted');
    expect(text).toContain('Old false alarm');
    expect(text).toContain('False positive');
    expect(text).toContain('Budgets, November 2026');
    expect(text).toContain('$450.00');
    expect(text).toContain('113%');
    expect(text).toContain('$600.00 ($560.00 – $650.00)');
    expect(text).toContain('Corner market');

    (el().querySelector('button[aria-label="Previous month"]') as HTMLButtonElement).click();
    backend.expectOne((r) => r.url === '/api/operator/customers/c1/budgets/status' && r.params.get('month') === '2026-10').flush({ ...budgets('2026-10'), items: [] });
    await settle();
    expect(el().textContent).toContain('No budgets for this month.');
  });

  it('a failed part shows its own error with a retry while the rest of the page works', async () => {
    backend.expectOne('/api/operator/customers/c1').flush({ statusCode: 404, error: 'Not Found', message: 'Customer not found' }, { status: 404, statusText: 'Not Found' });
    backend.expectOne((r) => r.url === '/api/operator/customers/c1/expenses').flush({ statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.' }, { status: 500, statusText: 'Error' });
    backend.expectOne((r) => r.url === '/api/findings').flush(page([]));
    backend.expectOne((r) => r.url === '/api/operator/customers/c1/budgets/status').flush(budgets('2026-11'));
    backend.expectOne((r) => r.url === '/api/analysis/runs').flush({ items: [] });
    await settle();
    const alerts = [...el().querySelectorAll('[role=alert]')].map((a) => a.textContent ?? '');
    expect(alerts.some((a) => a.includes('Customer not found'))).toBe(true);
    expect(alerts.some((a) => a.includes('Something went wrong on our side.'))).toBe(true);
    expect(el().textContent).toContain('No findings about this customer yet.');
  });
});
