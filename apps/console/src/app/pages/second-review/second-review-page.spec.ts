import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { consoleTestProviders, FakeEventSource, finding, flushTenant, page, REVIEWER, signInAs, SUPERVISOR } from '../../../testing/console-testing';
import { SecondReviewPage } from './second-review-page';

describe('second review (four-eyes)', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<SecondReviewPage>;
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const overlay = () => document.querySelector('.cdk-overlay-container') as HTMLElement;

  beforeEach(() => {
    signInAs(SUPERVISOR);
    FakeEventSource.install();
    TestBed.configureTestingModule({ providers: [provideRouter([]), ...consoleTestProviders()] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    flushTenant(backend);
    backend.verify();
    overlay()?.replaceChildren();
  });

  it('lists dismissals awaiting confirmation; a supervisor confirms another reviewer’s, never their own', async () => {
    fixture = TestBed.createComponent(SecondReviewPage);
    fixture.detectChanges();
    const list = backend.expectOne((r) => r.url === '/api/findings');
    expect(list.request.params.get('status')).toBe('pending_second_review');
    const theirs = finding({ id: 'h1', title: 'Large transfer', severity: 'high', status: 'pending_second_review', dismissReason: 'expected', firstReviewerId: REVIEWER.id, version: 4 });
    const mine = finding({ id: 'h2', title: 'Odd hour purchase', severity: 'high', status: 'pending_second_review', dismissReason: 'false_positive', firstReviewerId: SUPERVISOR.id });
    list.flush(page([theirs, mine]));
    await settle();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.textContent).toContain('Expected / known to the customer');
    expect((el.querySelector('button[aria-label="Confirm the dismissal of Odd hour purchase"]') as HTMLButtonElement).disabled).toBe(true);
    expect(el.textContent).toContain('You dismissed it: another supervisor must confirm.');

    (el.querySelector('button[aria-label="Confirm the dismissal of Large transfer"]') as HTMLButtonElement).click();
    await settle();
    ([...overlay().querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Confirm dismissal') as HTMLButtonElement).click();
    await settle();
    const confirm = backend.expectOne('/api/findings/h1/confirm-dismissal');
    expect(confirm.request.body).toEqual({ version: 4 });
    confirm.flush({ ...theirs, status: 'dismissed', version: 5 });
    backend.expectOne((r) => r.url === '/api/findings').flush(page([mine]));
    await settle();
    expect(el.textContent).not.toContain('Large transfer');
  });

  it('a conflict is explained and the list reloaded; a new dismissal arriving live reloads it too', async () => {
    fixture = TestBed.createComponent(SecondReviewPage);
    fixture.detectChanges();
    const f = finding({ id: 'h3', title: 'Casino payment', severity: 'high', status: 'pending_second_review', dismissReason: 'other', firstReviewerId: REVIEWER.id });
    backend.expectOne((r) => r.url === '/api/findings').flush(page([f]));
    await settle();
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('button[aria-label="Reject the dismissal of Casino payment"]') as HTMLButtonElement).click();
    await settle();
    ([...overlay().querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Reject dismissal') as HTMLButtonElement).click();
    await settle();
    backend.expectOne('/api/findings/h3/reject-dismissal').flush({ statusCode: 409, error: 'Conflict', message: 'Finding is dismissed' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(overlay().textContent).toContain('Someone else changed this finding: Finding is dismissed');
    backend.expectOne((r) => r.url === '/api/findings').flush(page([]));
    await settle();
    expect(el.textContent).toContain('No dismissal is waiting for a second review.');

    FakeEventSource.latest()?.emit('finding.decided', { id: 'h9', action: 'dismissed', fromStatus: 'in_review', status: 'pending_second_review', version: 3, actorId: REVIEWER.id, at: '2026-11-22T10:00:00Z' });
    backend.expectOne((r) => r.url === '/api/findings').flush(page([finding({ id: 'h9', title: 'New high one', status: 'pending_second_review', severity: 'high' })]));
    await settle();
    expect(el.textContent).toContain('New high one');
  });
});
