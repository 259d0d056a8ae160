import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { FindingDetailView, FindingView } from '@spendguard/contracts';
import { consoleTestProviders, detail, flushTenant, REVIEWER, signInAs, SUPERVISOR } from '../../testing/console-testing';
import { DecisionPanel } from './decision-panel';

describe('decision panel', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<DecisionPanel>;
  let decided: Array<FindingView | null>;
  let conflicts: string[];

  function render(f: FindingDetailView) {
    fixture = TestBed.createComponent(DecisionPanel);
    fixture.componentRef.setInput('finding', f);
    decided = [];
    conflicts = [];
    fixture.componentInstance.decided.subscribe((x) => decided.push(x));
    fixture.componentInstance.conflict.subscribe((x) => conflicts.push(x));
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const type = (el: HTMLElement, selector: string, value: string) => {
    const field = el.querySelector(selector) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    field.value = value;
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
  };
  const button = (el: HTMLElement, text: string) => [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), ...consoleTestProviders()] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    flushTenant(backend);
    backend.verify();
  });

  describe('as a reviewer', () => {
    beforeEach(() => signInAs(REVIEWER));

    it('previews the rewritten title and message exactly as the customer will see them, with the customer-visible notes only', async () => {
      const el = render(
        detail({
          title: 'Unusual payment at Apex',
          message: 'That is 5 times your usual spend.',
          annotations: [
            { id: 'n1', findingId: 'f', authorId: 'u', body: 'We called you about this.', visibility: 'customer', createdAt: '2026-11-21T10:00:00Z' },
            { id: 'n2', findingId: 'f', authorId: 'u', body: 'Internal: looks like fraud', visibility: 'internal', createdAt: '2026-11-21T10:00:00Z' },
          ],
        }),
      );
      const preview = () => el.querySelector('.preview sg-insight-card') as HTMLElement;
      expect(preview().querySelector('h3')?.textContent).toBe('Unusual payment at Apex');
      type(el, 'input[name=title]', 'A large payment at Apex');
      type(el, 'textarea[name=message]', 'We noticed a payment of $900 at Apex. Was it you?');
      await settle();
      expect(preview().querySelector('h3')?.textContent).toBe('A large payment at Apex');
      expect(preview().querySelector('p')?.textContent).toBe('We noticed a payment of $900 at Apex. Was it you?');
      expect(preview().textContent).toContain('Unusual payment'); // the kind label the portal shows
      expect(preview().textContent).toContain('We called you about this.');
      expect(preview().textContent).not.toContain('Internal: looks like fraud');
      expect(el.textContent).toContain('Reworded');
    });

    it('approves a pending finding by claiming it first and sends only the reworded fields', async () => {
      const el = render(detail({ id: 'f1', version: 3, status: 'pending', title: 'T', message: 'M' }));
      type(el, 'textarea[name=message]', 'A kinder message');
      await settle();
      button(el, 'Approve').click();
      await settle();
      const claim = backend.expectOne('/api/findings/f1/claim');
      expect(claim.request.body).toEqual({ version: 3 });
      claim.flush(detail({ id: 'f1', version: 4, status: 'in_review', assigneeId: REVIEWER.id }));
      const approve = backend.expectOne('/api/findings/f1/approve');
      expect(approve.request.body).toEqual({ version: 4, title: undefined, message: 'A kinder message', note: undefined });
      approve.flush(detail({ id: 'f1', version: 5, status: 'approved' }));
      expect(decided.map((d) => d?.status)).toEqual(['approved']);
    });

    it('refuses to dismiss without a reason, and "other" needs a note', async () => {
      const el = render(detail({ id: 'f2', version: 1, status: 'in_review', assigneeId: REVIEWER.id }));
      button(el, 'Dismiss').click();
      await settle();
      backend.expectNone('/api/findings/f2/dismiss');
      expect(el.textContent).toContain('Choose why it is dismissed');

      type(el, 'select[name=reason]', 'other');
      await settle();
      button(el, 'Dismiss').click();
      await settle();
      backend.expectNone('/api/findings/f2/dismiss');
      expect(el.textContent).toContain('Say why when the reason is “Other”');

      type(el, 'input[name=dismissNote]', 'Customer told us in branch');
      await settle();
      button(el, 'Dismiss').click();
      const req = backend.expectOne('/api/findings/f2/dismiss');
      expect(req.request.body).toEqual({ version: 1, reason: 'other', note: 'Customer told us in branch' });
      req.flush(detail({ id: 'f2', status: 'dismissed', version: 2 }));
      expect(decided).toHaveLength(1);
    });

    it('annotates internally by default or visibly to the customer when chosen', async () => {
      const el = render(detail({ id: 'f3', status: 'approved', version: 4 }));
      type(el, 'textarea[name=noteBody]', 'Checked with the branch');
      await settle();
      button(el, 'Add note').click();
      const internal = backend.expectOne('/api/findings/f3/annotate');
      expect(internal.request.body).toEqual({ body: 'Checked with the branch', visibility: 'internal' });
      internal.flush({ id: 'n', findingId: 'f3', authorId: REVIEWER.id, body: 'Checked with the branch', visibility: 'internal', createdAt: '2026-11-22T10:00:00Z' });
      await settle();

      type(el, 'textarea[name=noteBody]', 'Your card was replaced.');
      ([...el.querySelectorAll('mat-radio-button input')].find((i) => (i as HTMLInputElement).value === 'customer') as HTMLInputElement).click();
      await settle();
      button(el, 'Add note').click();
      const visible = backend.expectOne('/api/findings/f3/annotate');
      expect(visible.request.body).toEqual({ body: 'Your card was replaced.', visibility: 'customer' });
      visible.flush({ id: 'n2', findingId: 'f3', authorId: REVIEWER.id, body: 'Your card was replaced.', visibility: 'customer', createdAt: '2026-11-22T10:00:00Z' });
      expect(decided).toEqual([null, null]);
    });

    it('reports a 409 to the page instead of showing it as a failure', async () => {
      const el = render(detail({ id: 'f4', version: 2, status: 'in_review', assigneeId: REVIEWER.id }));
      button(el, 'Approve').click();
      backend.expectOne('/api/findings/f4/approve').flush({ statusCode: 409, error: 'Conflict', message: 'Finding f4 is at version 3, not 2' }, { status: 409, statusText: 'Conflict' });
      await settle();
      expect(conflicts).toEqual(['Finding f4 is at version 3, not 2']);
      expect(el.querySelector('[role=alert]')).toBeNull();
    });

    it('does not offer assignment or the second review to reviewers', () => {
      const el = render(detail({ status: 'pending' }));
      expect(el.textContent).not.toContain('Assign');
      expect(el.querySelector('select[name=assigneeId]')).toBeNull();
    });
  });

  describe('as a supervisor', () => {
    beforeEach(() => signInAs(SUPERVISOR));

    it('assigns to an operator of the tenant and confirms a dismissal waiting for the second review', async () => {
      let el = render(detail({ id: 'f5', version: 1, status: 'pending' }));
      flushTenant(backend);
      await settle();
      expect([...el.querySelectorAll('select[name=assigneeId] option')].map((o) => o.textContent)).toEqual(['Choose a person', 'Rita Reviewer · reviewer', 'Sam Supervisor (you) · supervisor', 'Olga Other · reviewer']);
      type(el, 'select[name=assigneeId]', REVIEWER.id);
      await settle();
      button(el, 'Assign').click();
      const assign = backend.expectOne('/api/findings/f5/assign');
      expect(assign.request.body).toEqual({ version: 1, assigneeId: REVIEWER.id });
      assign.flush(detail({ id: 'f5', status: 'in_review', version: 2, assigneeId: REVIEWER.id }));

      el = render(detail({ id: 'f6', version: 7, status: 'pending_second_review', severity: 'high', dismissReason: 'false_positive', firstReviewerId: REVIEWER.id }));
      await settle();
      expect(el.textContent).toContain('False positive');
      button(el, 'Confirm dismissal').click();
      await settle();
      const overlay = document.querySelector('.cdk-overlay-container') as HTMLElement;
      ([...overlay.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Confirm dismissal') as HTMLButtonElement).click();
      await settle();
      const confirm = backend.expectOne('/api/findings/f6/confirm-dismissal');
      expect(confirm.request.body).toEqual({ version: 7 });
      confirm.flush(detail({ id: 'f6', status: 'dismissed', version: 8 }));
      expect(decided.map((d) => d?.status)).toEqual(['dismissed']);
    });
  });
});
