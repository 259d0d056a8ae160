import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { SESSION_CONFIG } from '@spendguard/web';
import { SignInPage } from './sign-in-page';

describe('console sign-in page', () => {
  let backend: HttpTestingController;

  function render() {
    const fixture = TestBed.createComponent(SignInPage);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const input = (name: string) => el.querySelector(`input[name=${name}]`) as HTMLInputElement;
    const type = (name: string, value: string) => {
      const field = input(name);
      field.value = value;
      field.dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      await fixture.whenStable();
      fixture.detectChanges();
    };
    return { fixture, el, input, type, submit };
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SESSION_CONFIG, useValue: { storageKey: 'console.test', signInPath: '/sign-in', roles: OPERATOR_ROLES } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  it('every field has a label and an empty form is not sent', async () => {
    const { el, submit } = render();
    expect([...el.querySelectorAll('mat-label')].map((l) => l.textContent?.trim())).toEqual(['Tenant', 'Email', 'Password']);
    await submit();
    backend.expectNone('/api/auth/login');
    expect(el.textContent).toContain('Enter your email address');
  });

  it("shows the API's message when the sign-in is refused and clears the password", async () => {
    const { el, input, type, submit, fixture } = render();
    type('tenant', 'Demo');
    type('email', 'reviewer@demo.test');
    type('password', 'wrong-password');
    await submit();
    const req = backend.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ tenant: 'demo', email: 'reviewer@demo.test', password: 'wrong-password' });
    req.flush({ statusCode: 401, error: 'Unauthorized', message: 'Wrong tenant, email or password' }, { status: 401, statusText: 'Unauthorized' });
    fixture.detectChanges();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Wrong tenant, email or password');
    expect(input('password').value).toBe('');
  });

  it('signs an operator in and opens the page they came for', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const { fixture, type, submit } = render();
    fixture.componentRef.setInput('returnUrl', '/findings/42');
    type('tenant', 'demo');
    type('email', 'reviewer@demo.test');
    type('password', 'Demo-Password-1');
    await submit();
    backend.expectOne('/api/auth/login').flush({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 900,
      tokenType: 'Bearer',
      user: { id: 'u', email: 'reviewer@demo.test', role: 'reviewer', tenantId: 't', tenantSlug: 'demo', displayName: 'Rev' },
    });
    expect(navigate).toHaveBeenCalledWith('/findings/42');
  });
});
