import { TestBed } from '@angular/core/testing';
import type { ConsentView } from '@spendguard/contracts';
import { button, click, portalProviders, render, signedInCustomer, sleep, text } from '../../../testing/portal-testing';
import { ConsentPage } from './consent-page';

const off: ConsentView = { analysis: { granted: false, grantedAt: null, revokedAt: null }, history: [] };
const on: ConsentView = { analysis: { granted: true, grantedAt: '2026-11-22T15:00:00Z', revokedAt: null }, history: [{ action: 'granted', at: '2026-11-22T15:00:00Z' }] };

describe('consent page', () => {
  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [ConsentPage], providers: portalProviders() });
  });

  it('explains the analysis in plain words, grants, and revokes after confirming', async () => {
    const { el, backend, settle } = await render(ConsentPage);
    backend.expectOne('/api/consent').flush(off);
    await settle();
    expect(text(el)).toContain('A member of your bank');
    expect(text(el)).toContain('Analysis is off');
    expect(text(el)).toContain('No changes yet.');

    click(button('Allow analysis', el));
    const grant = backend.expectOne('/api/consent');
    expect(grant.request.method).toBe('PUT');
    expect(grant.request.body).toEqual({ analysis: true });
    grant.flush(on);
    await settle();
    expect(text(el)).toContain('Analysis is on');
    expect(text(el)).toContain('Since Nov 22, 2026, 10:00 AM');
    expect(text(el)).toContain('Allowed on Nov 22, 2026');

    click(button('Stop analysis', el));
    await settle();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(text(dialog)).toContain('Insights you already have stay visible');
    click(button('Stop analysis', dialog));
    await sleep(100);
    await settle();
    const revoke = backend.expectOne('/api/consent');
    expect(revoke.request.body).toEqual({ analysis: false });
    revoke.flush({ analysis: { granted: false, grantedAt: on.analysis.grantedAt, revokedAt: '2026-11-22T16:00:00Z' }, history: [...on.history, { action: 'revoked', at: '2026-11-22T16:00:00Z' }] });
    await settle();
    expect(text(el)).toContain('Analysis is off');
    expect(text(el)).toContain('Stopped Nov 22, 2026, 11:00 AM');
    backend.verify();
  });
});
