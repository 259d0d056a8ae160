import { TestBed } from '@angular/core/testing';
import type { ReportView } from '@spendguard/contracts';
import { button, click, CUSTOMER, portalProviders, render, signedInCustomer, sleep, text } from '../../../testing/portal-testing';
import { ReportsPage } from './reports-page';

const report = (status: ReportView['status']): ReportView => ({
  id: 'r1',
  customerId: CUSTOMER.id,
  status,
  audience: 'customer',
  includesPending: false,
  from: '2026-01-01',
  to: '2026-11-22',
  createdAt: '2026-11-22T10:00:00Z',
  startedAt: null,
  finishedAt: null,
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  sizeBytes: null,
  error: null,
  downloadUrl: status === 'succeeded' ? '/api/reports/r1/download' : null,
});

describe('reports page', () => {
  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [ReportsPage], providers: portalProviders() });
    // jsdom has no object URLs; the page hands the workbook to the browser through one.
    Object.assign(URL, { createObjectURL: () => 'blob:report', revokeObjectURL: () => undefined });
  });

  afterEach(() => jest.restoreAllMocks());

  it('requests a report for the period, follows its status and downloads the workbook when ready', async () => {
    const { el, backend, settle } = await render(ReportsPage);
    (el.querySelector('input[name=from]') as HTMLInputElement).value = '2026-01-01';
    el.querySelector('input[name=from]')?.dispatchEvent(new Event('input'));
    click(button('Create report', el));
    const create = backend.expectOne('/api/reports');
    expect(create.request.body).toEqual({ from: '2026-01-01', to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    create.flush(report('queued'));
    await settle();
    expect(text(el)).toContain('Preparing…');
    expect(JSON.parse(localStorage.getItem(`spendguard.portal.reports.${CUSTOMER.id}`) ?? '[]')).toEqual(['r1']);

    await sleep(2100);
    backend.expectOne('/api/reports/r1').flush(report('succeeded'));
    await settle();
    // jsdom cannot navigate: the link the page clicks to save the file is recorded instead.
    const saved: string[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    click(button('Download', el));
    const download = backend.expectOne('/api/reports/r1/download');
    expect(download.request.responseType).toBe('blob');
    download.flush(new Blob(['PK']));
    expect(saved).toEqual(['spendguard-report-2026-01-01-to-2026-11-22.xlsx']);
    backend.verify();
  });

  it('refuses a period that ends before it starts, without asking the server', async () => {
    const { el, backend, settle } = await render(ReportsPage);
    const from = el.querySelector('input[name=from]') as HTMLInputElement;
    from.value = '2099-01-01';
    from.dispatchEvent(new Event('input'));
    click(button('Create report', el));
    await settle();
    backend.expectNone('/api/reports');
    expect(text(el.querySelector('[role=alert]'))).toBe('The start date must be on or before the end date.');
  });

  it('finds the reports requested earlier from this browser again, and says when one failed', async () => {
    localStorage.setItem(`spendguard.portal.reports.${CUSTOMER.id}`, JSON.stringify(['r1']));
    const { el, backend, settle } = await render(ReportsPage);
    backend.expectOne('/api/reports/r1').flush({ ...report('failed'), error: 'The period is too long' });
    await settle();
    expect(text(el)).toContain('This report could not be created: The period is too long. Please try again.');
  });
});
