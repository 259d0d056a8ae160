// Test support for the console's component tests (no jest globals, so the app's typecheck accepts it too).
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { OPERATOR_ROLES, type FindingDetailView, type FindingPage, type FindingStatus, type FindingView, type OperatorView, type UserView } from '@spendguard/contracts';
import { provideCharts, SESSION_CONFIG } from '@spendguard/web';
export { FakeEventSource } from '@spendguard/web/testing';

export const STORAGE_KEY = 'console.test.session';

export const REVIEWER: UserView = { id: 'u-reviewer', email: 'reviewer@demo.test', role: 'reviewer', tenantId: 't1', tenantSlug: 'demo', displayName: 'Rita Reviewer' };
export const SUPERVISOR: UserView = { ...REVIEWER, id: 'u-supervisor', email: 'supervisor@demo.test', role: 'supervisor', displayName: 'Sam Supervisor' };

/** A signed-in session in storage, as the Session service reads it at start. */
export function signInAs(user: UserView): void {
  localStorage.clear();
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ accessToken: 'access', refreshToken: 'refresh', expiresAt: Date.now() + 900_000, user }));
}

/** The providers of a console page under test: real HTTP client against HttpTestingController, charts, session. */
export function consoleTestProviders(): Array<Provider | EnvironmentProviders> {
  return [
    provideHttpClient(),
    provideHttpClientTesting(),
    provideCharts(),
    // dialogs close at once instead of waiting for animation events jsdom never fires
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    { provide: SESSION_CONFIG, useValue: { storageKey: STORAGE_KEY, signInPath: '/sign-in', roles: OPERATOR_ROLES } },
  ];
}

export const OPERATORS: OperatorView[] = [
  { id: REVIEWER.id, displayName: REVIEWER.displayName, role: 'reviewer' },
  { id: SUPERVISOR.id, displayName: SUPERVISOR.displayName, role: 'supervisor' },
  { id: 'u-other', displayName: 'Olga Other', role: 'reviewer' },
];

/** Answers the background requests of signed-in pages when pending: the tenant profile (formatting), the operators. */
export function flushTenant(backend: HttpTestingController): void {
  for (const req of backend.match('/api/tenant')) req.flush({ slug: 'demo', name: 'Demo Bank', currency: 'USD', locale: 'en-US', timezone: 'America/New_York' });
  for (const req of backend.match('/api/operators')) req.flush({ items: OPERATORS });
}

let seq = 0;
export function finding(over: Partial<FindingView> = {}): FindingView {
  seq++;
  return {
    id: over.id ?? `f${seq}`,
    customerId: 'c1',
    customer: { id: 'c1', displayName: 'Casey Customer' },
    type: 'anomaly',
    severity: 'medium',
    score: 0.9,
    status: 'pending',
    title: `Unusual payment ${seq}`,
    message: 'That is about 5 times what you usually spend there.',
    originalTitle: `Unusual payment ${seq}`,
    originalMessage: 'That is about 5 times what you usually spend there.',
    evidence: {},
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    dueAt: '2026-11-23T10:00:00Z',
    overdue: false,
    assigneeId: null,
    claimedAt: null,
    claimExpiresAt: null,
    snoozedUntil: null,
    dismissReason: null,
    firstReviewerId: null,
    decidedAt: null,
    approvedAt: null,
    version: 1,
    ...over,
  };
}

export function detail(over: Partial<FindingDetailView> = {}): FindingDetailView {
  return { ...finding(over), annotations: over.annotations ?? [] };
}

export function page(items: FindingView[], counts: Partial<Record<FindingStatus, number>> = {}, nextCursor: string | null = null): FindingPage {
  const all: Record<FindingStatus, number> = { pending: 0, in_review: 0, pending_second_review: 0, approved: 0, dismissed: 0, snoozed: 0, superseded: 0, ...counts };
  return { items, total: items.length, nextCursor, counts: all };
}

/** Presses a key as the user would, on the focused element (or the body). */
export function press(key: string, target: EventTarget = document.activeElement ?? document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}
