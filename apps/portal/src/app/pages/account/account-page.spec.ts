import { TestBed } from '@angular/core/testing';
import type { SessionView } from '@spendguard/contracts';
import { button, click, portalProviders, render, signedInCustomer, sleep, text, type } from '../../../testing/portal-testing';
import { AccountPage, describeAgent } from './account-page';

const sessions: SessionView[] = [
  { id: 's1', createdAt: '2026-11-01T10:00:00Z', lastUsedAt: '2026-11-22T10:00:00Z', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36', ip: '10.0.0.1', current: true },
  { id: 's2', createdAt: '2026-10-01T10:00:00Z', lastUsedAt: '2026-11-20T10:00:00Z', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1', ip: '10.0.0.2', current: false },
];

describe('account page', () => {
  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [AccountPage], providers: portalProviders() });
  });

  async function start() {
    const r = await render(AccountPage);
    r.backend.expectOne('/api/auth/sessions').flush({ items: sessions });
    await r.settle();
    return r;
  }

  it('names devices in plain words', () => {
    expect(describeAgent(sessions[0].userAgent)).toBe('Chrome on Linux');
    expect(describeAgent(sessions[1].userAgent)).toBe('Safari on iOS');
    expect(describeAgent(null)).toBe('Unknown device');
  });

  it('changes the password only when the new one is typed twice alike, and shows the API’s refusal', async () => {
    const { el, backend, settle } = await start();
    type(el.querySelector('input[name=currentPassword]'), 'Old-Password-1');
    type(el.querySelector('input[name=newPassword]'), 'New-Password-12');
    type(el.querySelector('input[name=repeat]'), 'New-Password-13');
    await settle();
    click(button('Change password', el));
    await settle();
    backend.expectNone('/api/auth/password');
    expect(text(el)).toContain('The two new passwords are not the same.');

    type(el.querySelector('input[name=repeat]'), 'New-Password-12');
    await settle();
    click(button('Change password', el));
    const req = backend.expectOne('/api/auth/password');
    expect(req.request.body).toEqual({ currentPassword: 'Old-Password-1', newPassword: 'New-Password-12' });
    req.flush({ statusCode: 400, error: 'Bad Request', message: 'currentPassword is not correct' }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(text(el.querySelector('[role=alert]'))).toBe('That is not your current password.');

    click(button('Change password', el));
    backend.expectOne('/api/auth/password').flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(text(el)).toContain('Your password was changed. Your other devices were signed out.');
    backend.expectOne('/api/auth/sessions').flush({ items: [sessions[0]] });
  });

  it('lists sessions and signs out another device after confirming', async () => {
    const { el, backend, settle } = await start();
    expect(text(el)).toContain('Chrome on Linux · this device');
    expect(text(el)).toContain('Safari on iOS');
    expect(el.querySelectorAll('button[aria-label^="Sign out Safari"]')).toHaveLength(1);
    expect(el.querySelectorAll('button[aria-label^="Sign out Chrome"]')).toHaveLength(0);
    click(el.querySelector('button[aria-label^="Sign out Safari"]'));
    await settle();
    click(button('Sign out device', document.querySelector('mat-dialog-container') as HTMLElement));
    await sleep(100);
    await settle();
    const del = backend.expectOne('/api/auth/sessions/s2');
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    backend.expectOne('/api/auth/sessions').flush({ items: [sessions[0]] });
    await settle();
    expect(text(el)).not.toContain('Safari on iOS');
  });
});
