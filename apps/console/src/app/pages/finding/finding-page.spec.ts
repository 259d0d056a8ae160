import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { FindingDetailView, FindingEventView } from '@spendguard/contracts';
import { consoleTestProviders, detail, flushTenant, REVIEWER, signInAs } from '../../../testing/console-testing';
import { FindingPage } from './finding-page';

const anomaly = detail({
  id: 'an',
  type: 'anomaly',
  title: 'Unusual payment at Apex Electronics',
  originalMessage: 'You paid $1,250.00 at Apex Electronics.',
  evidence: {
    expense: { id: 'x1', occurredOn: '2026-11-20', amount: 1250, originalAmount: '1250.00', currency: 'USD', category: 'Shopping', merchant: 'Apex Electronics', description: 'APEX ELEC 0042' },
    reasons: ['6.2 x your usual Shopping spend', 'first purchase at this merchant'],
    detectors: { lof: 0.91, ocsvm: 0.72, autoencoder: 0.95 },
    typicalMonthlySpend: 2400,
    shareOfTypicalMonth: 0.52,
    categoryHistory: [
      { month: '2026-09', total: 180 },
      { month: '2026-10', total: 210 },
      { month: '2026-11', total: 1460 },
    ],
    merchantHistory: [{ id: 'x1', occurredAt: '2026-11-20T14:00:00', amount: 1250, category: 'Shopping' }],
  },
});

const overrun = detail({
  id: 'fo',
  type: 'forecast_overrun',
  title: 'Groceries spending is likely to go over budget in November 2026',
  evidence: { month: '2026-11', budget: 400, spentSoFar: 390, projected: 520, low: 470, high: 580, level: 0.8, probability: 0.93, daysElapsed: 22, daysInMonth: 30, method: 'ets', lowConfidence: false, series: [{ month: '2026-09', total: 380 }, { month: '2026-10', total: 410 }, { month: '2026-11', total: 390 }] },
});

const drift = detail({
  id: 'dr',
  type: 'drift',
  title: 'Your spending mix changed',
  evidence: { js: 0.12, psi: 0.4, threshold: 0.08, categories: [{ category: 'Dining', shareBefore: 0.1, shareAfter: 0.3, spendAfter: 600, spendBeforeScaled: 200, direction: 'up', significant: true }, { category: 'Groceries', shareBefore: 0.4, shareAfter: 0.35, spendAfter: 700, spendBeforeScaled: 800, direction: 'down', significant: false }] },
});

const recurring = detail({
  id: 'rc',
  type: 'recurring_change',
  title: 'StreamFlix price went up to $17.99',
  evidence: { change: 'price_rise', merchant: 'StreamFlix', cadence: 'monthly', from: 15.99, to: 17.99, relativeChange: 0.125, changedOn: '2026-11-03', extraPerYear: 24, charges: [{ id: 'r1', occurredOn: '2026-09-03', amount: 15.99 }, { id: 'r2', occurredOn: '2026-10-03', amount: 15.99 }, { id: 'r3', occurredOn: '2026-11-03', amount: 17.99 }] },
});

describe('finding detail', () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;

  const el = () => harness.routeNativeElement as HTMLElement;
  const settle = async () => {
    await harness.fixture.whenStable();
    harness.detectChanges();
  };
  async function open(f: FindingDetailView) {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/findings/${f.id}`, FindingPage);
    answer(f);
    await settle();
  }
  function answer(f: FindingDetailView, events: FindingEventView[] = [{ at: '2026-11-20T10:00:00Z', actorId: null, action: 'created', fromStatus: null, toStatus: 'pending', note: null, payload: null }]) {
    backend.expectOne(`/api/findings/${f.id}`).flush(f);
    backend.expectOne(`/api/findings/${f.id}/events`).flush({ items: events });
  }

  beforeEach(() => {
    signInAs(REVIEWER);
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'findings/:id', component: FindingPage }], withComponentInputBinding()), ...consoleTestProviders()] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    flushTenant(backend);
    backend.verify();
  });

  it('an anomaly shows the flagged transaction, the reasons, the detector scores and the category history behind the chart', async () => {
    await open(anomaly);
    const text = el().textContent ?? '';
    expect(el().querySelector('h1')?.textContent).toBe('Unusual payment at Apex Electronics');
    expect(text).toContain('You paid $1,250.00 at Apex Electronics.');
    expect(text).toContain('APEX ELEC 0042');
    expect(text).toContain('$1,250.00');
    expect(text).toContain('6.2 x your usual Shopping spend');
    expect(text).toContain('first purchase at this merchant');
    expect(text).toContain('autoencoder 95%');
    expect(el().querySelector('figure figcaption')?.textContent).toBe('Monthly spending in Shopping, the flagged month marked');
    expect(text).toContain('November 2026');
    expect(text).toContain('$1,460.00');
    expect(text).toContain('Created by the analysis');
    expect(text).toContain('by System');
  });

  it('a budget overrun shows the forecast against the budget with its 80% interval', async () => {
    await open(overrun);
    const text = el().textContent ?? '';
    expect(text).toContain('Forecast versus budget, November 2026');
    expect(text).toContain('$400.00');
    expect(text).toContain('$520.00');
    expect(text).toContain('80% interval');
    expect(text).toContain('$470.00 – $580.00');
    expect(text).toContain('93%');
    expect(el().querySelector('figure figcaption')?.textContent).toContain('against the budget');
  });

  it('a drift shows the category shares before and after; a recurring change its charge history', async () => {
    await open(drift);
    let rows = [...el().querySelectorAll('table.data tbody tr')].map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('Dining');
    expect(rows[0]).toContain('10%');
    expect(rows[0]).toContain('30%');
    expect(rows[0]).toContain('significant');

    await harness.navigateByUrl('/findings/rc');
    answer(recurring);
    await settle();
    expect(el().textContent).toContain('$15.99 → $17.99');
    rows = [...el().querySelectorAll('details table tbody tr')].map((r) => r.textContent ?? '');
    expect(rows).toHaveLength(3);
    expect(el().querySelector('figure figcaption')?.textContent).toBe('Charges of the recurring payment over time');
  });

  it('explains a conflicting decision (409) and reloads the finding', async () => {
    await open(anomaly);
    ([...el().querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Approve') as HTMLButtonElement).click();
    backend.expectOne('/api/findings/an/claim').flush({ statusCode: 409, error: 'Conflict', message: 'Finding is in review by another reviewer' }, { status: 409, statusText: 'Conflict' });
    await settle();
    answer({ ...anomaly, status: 'in_review', assigneeId: 'u-other', version: 2 }, [
      { at: '2026-11-20T10:00:00Z', actorId: null, action: 'created', fromStatus: null, toStatus: 'pending', note: null, payload: null },
      { at: '2026-11-22T10:00:00Z', actorId: 'u-other', action: 'claimed', fromStatus: 'pending', toStatus: 'in_review', note: null, payload: null },
    ]);
    flushTenant(backend);
    await settle();
    expect(el().textContent).toContain('by Olga Other');
    expect(el().querySelector('.conflict')?.textContent).toContain('Someone else changed this finding: Finding is in review by another reviewer');
    expect(el().textContent).toContain('In review');
    expect(el().textContent).toContain('Someone else is reviewing this finding');
    expect(el().textContent).toContain('Claimed');
  });

  it('shows the API error with a retry when the finding cannot be loaded', async () => {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/findings/missing', FindingPage);
    backend.expectOne('/api/findings/missing').flush({ statusCode: 404, error: 'Not Found', message: 'Finding not found' }, { status: 404, statusText: 'Not Found' });
    expect(backend.expectOne('/api/findings/missing/events').cancelled).toBe(true); // forkJoin gave up on it
    await settle();
    expect(el().querySelector('[role=alert]')?.textContent).toContain('Finding not found');
    ([...el().querySelectorAll('button')].find((b) => b.textContent?.includes('Try again')) as HTMLButtonElement).click();
    answer(detail({ id: 'missing' }));
    await settle();
    expect(el().querySelector('[role=alert]')).toBeNull();
  });
});
