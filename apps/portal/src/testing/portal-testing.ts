import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider, Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TenantProfileView, UserView } from '@spendguard/contracts';
import { authInterceptor, provideCharts, SESSION_CONFIG } from '@spendguard/web';
import { FakeEventSource } from '@spendguard/web/testing';

export { FakeEventSource };

/** Shared set-up of the portal's component tests: a signed-in customer, the real HTTP stack up to the backend. */

export const STORAGE_KEY = 'portal.test.session';
export const CUSTOMER: UserView = { id: 'c1', email: 'robin@demo.test', role: 'customer', tenantId: 't1', tenantSlug: 'demo', displayName: 'Robin' };
export const TENANT: TenantProfileView = { slug: 'demo', name: 'Demo Bank', currency: 'USD', locale: 'en-US', timezone: 'America/New_York' };

export function portalProviders(): Array<Provider | EnvironmentProviders> {
  return [
    provideRouter([]),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    provideCharts(),
    { provide: SESSION_CONFIG, useValue: { storageKey: STORAGE_KEY, signInPath: '/sign-in', roles: ['customer'] } },
  ];
}

/** Call before TestBed.configureTestingModule: a stored session, so the app starts signed in. */
export function signedInCustomer(): void {
  localStorage.clear();
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 900_000, user: CUSTOMER }));
  FakeEventSource.install();
  Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
}

/** Renders a page and answers the tenant profile request every page's formatting starts with. */
export async function render<T>(component: Type<T>): Promise<{ fixture: ComponentFixture<T>; el: HTMLElement; backend: HttpTestingController; settle: () => Promise<void> }> {
  const backend = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(component);
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  fixture.detectChanges();
  await settle();
  // The tenant profile loads from an effect, so its request shows up once change detection has run.
  for (const req of backend.match('/api/tenant')) req.flush(TENANT);
  await settle();
  return { fixture, el: fixture.nativeElement as HTMLElement, backend, settle };
}

/** Types into an input the way a person does (value, then the input event the forms listen to). */
export function type(input: HTMLInputElement | HTMLTextAreaElement | null, value: string): void {
  if (!input) throw new Error('input not found');
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

export function click(el: Element | null | undefined): void {
  if (!el) throw new Error('element not found');
  (el as HTMLElement).click();
}

/** The button whose text (trimmed) is exactly `text`, searched in the document (dialogs render outside the host). */
export function button(text: string, root: ParentNode = document): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((b) => label(b) === text);
}

/** An element's visible words without its icons' ligature names ("add", "more_vert"). */
export function label(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll('mat-icon').forEach((icon) => icon.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Text of an element with runs of white space collapsed. */
export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
