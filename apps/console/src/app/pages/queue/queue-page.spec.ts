import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { consoleTestProviders, FakeEventSource, finding, flushTenant, page, press, REVIEWER, signInAs } from '../../../testing/console-testing';
import { QueuePage } from './queue-page';

describe('review queue', () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;

  const a = finding({ id: 'a', title: 'Big payment at Apex', severity: 'high' });
  const b = finding({ id: 'b', title: 'New merchant Bistro' });
  const c = finding({ id: 'c', title: 'Grocery budget overrun', type: 'forecast_overrun', severity: 'low', status: 'in_review', assigneeId: 'u-other' });

  async function open(url = '/queue') {
    harness = await RouterTestingHarness.create();
    const component = await harness.navigateByUrl(url, QueuePage);
    flushTenant(backend);
    return component;
  }
  const el = () => harness.routeNativeElement as HTMLElement;
  const settle = async () => {
    await harness.fixture.whenStable();
    harness.detectChanges();
  };
  const listRequest = () => backend.expectOne((r) => r.url === '/api/findings' && r.params.get('limit') === '50');
  async function loaded(url = '/queue') {
    const component = await open(url);
    listRequest().flush(page([a, b, c], { pending: 3, approved: 7 }));
    flushTenant(backend);
    await settle();
    return component;
  }
  const row = (id: string) => el().querySelector(`tr[data-id="${id}"]`) as HTMLElement;
  const overlay = () => document.querySelector('.cdk-overlay-container') as HTMLElement;

  beforeEach(() => {
    signInAs(REVIEWER);
    FakeEventSource.install();
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'queue', component: QueuePage }, { path: 'findings/:id', children: [] }]), ...consoleTestProviders()] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    flushTenant(backend);
    backend.verify();
    overlay()?.replaceChildren();
  });

  it('sends the filters from the URL as query parameters, shows counts per status, and keeps filter changes in the URL', async () => {
    await open('/queue?status=pending&severity=high');
    const req = listRequest();
    expect(req.request.params.get('status')).toBe('pending');
    expect(req.request.params.get('severity')).toBe('high');
    expect(req.request.params.get('sort')).toBe('urgency');
    expect(req.request.params.has('type')).toBe(false);
    req.flush(page([a], { pending: 1, approved: 7 }));
    await settle();
    expect(el().querySelector('[data-status=pending].count')?.textContent).toBe('1');
    expect(el().querySelector('[data-status=approved].count')?.textContent).toBe('7');
    expect(el().querySelector('.status-tab')?.textContent).toContain('All 8');

    (el().querySelector('mat-checkbox input[type=checkbox]') as HTMLInputElement | null)?.click(); // "Overdue only" is the first checkbox
    await settle();
    const filtered = listRequest();
    expect(filtered.request.params.get('overdue')).toBe('true');
    expect(filtered.request.params.get('status')).toBe('pending');
    filtered.flush(page([], { pending: 0 }));
    await settle();
    expect(TestBed.inject(Router).url).toContain('overdue=true');
    expect(el().textContent).toContain('No findings match these filters.');
  });

  it('filters by a customer found by name and by an assignee from the operators', async () => {
    await loaded();
    const box = el().querySelector('input[name=customer]') as HTMLInputElement;
    box.focus();
    box.value = 'casey';
    box.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the search waits for typing to pause
    const search = backend.expectOne((r) => r.url === '/api/operator/customers');
    expect(search.request.params.get('q')).toBe('casey');
    search.flush({ items: [{ id: 'c7', displayName: 'Casey Jones', email: 'casey@demo.test', consent: true, lastAnalysisAt: null, openFindings: 2 }], nextCursor: null, total: 1 });
    await settle();
    ([...overlay().querySelectorAll('mat-option')].find((o) => o.textContent?.includes('Casey Jones')) as HTMLElement).click();
    await settle();
    const byCustomer = listRequest();
    expect(byCustomer.request.params.get('customerId')).toBe('c7');
    byCustomer.flush(page([]));
    await settle();
    expect(el().querySelector('.customer-filter')?.textContent).toContain('Customer: Casey Jones');
    expect(TestBed.inject(Router).url).toContain('customerId=c7');

    (el().querySelectorAll('mat-select')[3] as HTMLElement).click(); // Assignee
    await settle();
    ([...overlay().querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === 'Olga Other') as HTMLElement).click();
    await settle();
    const byAssignee = listRequest();
    expect(byAssignee.request.params.get('assigneeId')).toBe('u-other');
    expect(byAssignee.request.params.get('customerId')).toBe('c7');
    byAssignee.flush(page([]));
  });

  it('bulk-approves the selection after confirmation and shows a result per finding; refused ones stay selected', async () => {
    await loaded();
    (row('a').querySelector('input[type=checkbox]') as HTMLInputElement).click();
    (row('b').querySelector('input[type=checkbox]') as HTMLInputElement).click();
    await settle();
    expect(el().textContent).toContain('2 selected');
    expect(row('a').getAttribute('aria-selected')).toBe('true');

    ([...el().querySelectorAll('button')].find((x) => x.textContent?.includes('Approve selected')) as HTMLButtonElement).click();
    await settle();
    expect(overlay().textContent).toContain('Approve 2 findings?');
    ([...overlay().querySelectorAll('button')].find((x) => x.textContent?.trim() === 'Approve') as HTMLButtonElement).click();
    await settle();

    const bulk = backend.expectOne('/api/findings/bulk');
    expect(bulk.request.body).toEqual({ action: 'approve', ids: ['a', 'b'] });
    bulk.flush({ results: [{ id: 'a', ok: true, status: 'approved' }, { id: 'b', ok: false, error: 'claimed by another reviewer' }] });
    backend.expectOne((r) => r.url === '/api/findings' && r.params.get('limit') === '1').flush(page([], { pending: 2, approved: 8 }));
    await settle();
    const results = el().querySelector('.bulk-results') as HTMLElement;
    expect(results.textContent).toContain('1 of 2 done, 1 not done');
    expect(results.textContent).toContain('Big payment at Apex');
    expect(results.textContent).toContain('claimed by another reviewer');
    expect(row('a').textContent).toContain('Approved');
    expect(el().textContent).toContain('1 selected');
    // the stream echoes the reviewer's own decision: applied, not flagged as someone else's change
    FakeEventSource.latest()?.emit('finding.decided', { id: 'a', action: 'approved', fromStatus: 'in_review', status: 'approved', version: 3, actorId: REVIEWER.id, at: '2026-11-22T10:00:00Z' });
    await settle();
    expect(row('a').textContent).not.toContain('updated');
    expect(row('b').getAttribute('aria-selected')).toBe('true');
  });

  it('patches rows from the live stream in place without losing the selection or focus, and offers new findings behind a button', async () => {
    await loaded();
    const stream = FakeEventSource.latest();
    expect(stream?.url).toContain('/api/findings/stream?access_token=access');
    (row('b').querySelector('input[type=checkbox]') as HTMLInputElement).click();
    press('j', document.body);
    press('j', document.body);
    await settle();
    expect(document.activeElement).toBe(row('c'));

    stream?.emit('finding.decided', { id: 'b', action: 'approved', fromStatus: 'pending', status: 'approved', version: 2, actorId: 'someone', at: '2026-11-22T10:00:00Z' });
    stream?.emit('finding.decided', { id: 'a', action: 'claimed', fromStatus: 'pending', status: 'in_review', version: 1, actorId: 'someone', at: '2026-11-22T10:00:00Z' }); // stale version: ignored
    stream?.emit('finding.created', { id: 'z', customerId: 'c9', type: 'drift', severity: 'low', score: 0.5, status: 'pending', version: 1, createdAt: '2026-11-22T10:00:00Z' });
    await settle();

    expect(row('b').textContent).toContain('Approved');
    expect(row('b').textContent).toContain('updated');
    expect(row('a').textContent).toContain('Pending');
    expect(row('c').textContent).toContain('Olga Other');
    expect(row('b').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(row('c'));
    expect([...el().querySelectorAll('tr[data-id]')].map((r) => r.getAttribute('data-id'))).toEqual(['a', 'b', 'c']);
    expect(el().querySelector('[data-status=approved].count')?.textContent).toBe('8');
    expect(el().querySelector('.new-findings')?.textContent).toContain('1 new finding');
    backend.expectNone('/api/findings');
  });

  it('j/k move the focus, x selects, Enter opens, n takes the next finding, ? shows the help; keys typed in a field are text', async () => {
    await loaded();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    press('j', document.body);
    await settle();
    expect(document.activeElement).toBe(row('b'));
    press('k');
    await settle();
    expect(document.activeElement).toBe(row('a'));
    press('x');
    await settle();
    expect(row('a').getAttribute('aria-selected')).toBe('true');
    press('Enter');
    expect(navigate).toHaveBeenCalledWith(['/findings', 'a']);

    const search = document.createElement('input');
    document.body.appendChild(search);
    press('j', search);
    press('n', search);
    await settle();
    expect(document.activeElement).not.toBe(row('b'));
    backend.expectNone('/api/findings/next');
    search.remove();

    press('n', document.body);
    backend.expectOne('/api/findings/next').flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(overlay().textContent).toContain('The queue is empty');

    press('?', document.body);
    await settle();
    expect(overlay().textContent).toContain('Keyboard shortcuts');
    expect(overlay().textContent).toContain('Take the next finding waiting for review');
  });

  it('a approves and d dismisses the focused finding (d asks for the reason first)', async () => {
    await loaded();
    press('j', document.body);
    press('a');
    const approve = backend.expectOne('/api/findings/bulk');
    expect(approve.request.body).toEqual({ action: 'approve', ids: ['b'] });
    approve.flush({ results: [{ id: 'b', ok: true, status: 'approved' }] });
    backend.expectOne((r) => r.params.get('limit') === '1').flush(page([]));
    await settle();
    expect(row('b').textContent).toContain('Approved');

    press('d', document.body);
    await settle();
    expect(overlay().textContent).toContain('Dismiss “New merchant Bistro”');
    backend.expectNone('/api/findings/bulk');
    const select = overlay().querySelector('mat-select') as HTMLElement;
    select.click();
    await settle();
    ([...overlay().querySelectorAll('mat-option')].find((o) => o.textContent?.includes('False positive')) as HTMLElement).click();
    await settle();
    ([...overlay().querySelectorAll('button')].find((x) => x.textContent?.trim() === 'Dismiss') as HTMLButtonElement).click();
    await settle();
    const dismiss = backend.expectOne('/api/findings/bulk');
    expect(dismiss.request.body).toEqual({ action: 'dismiss', ids: ['b'], reason: 'false_positive', note: undefined });
    dismiss.flush({ results: [{ id: 'b', ok: false, error: 'Finding is approved' }] });
    backend.expectOne((r) => r.params.get('limit') === '1').flush(page([]));
    await settle();
    expect(overlay().textContent).toContain('Not done: Finding is approved');
  });
});
