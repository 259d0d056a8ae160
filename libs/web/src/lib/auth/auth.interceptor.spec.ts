import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { LoginResponse } from '@spendguard/contracts';
import { authInterceptor } from './auth.interceptor';
import { Session, SESSION_CONFIG } from './session';

const user = { id: 'u1', email: 'r@demo.test', role: 'reviewer' as const, tenantId: 't1', tenantSlug: 'demo', displayName: 'R' };
const login: LoginResponse = { accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 900, tokenType: 'Bearer', user };

describe('auth interceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let session: Session;

  beforeEach(() => {
    localStorage.clear();
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: SESSION_CONFIG, useValue: { storageKey: 'test.session', signInPath: '/sign-in', roles: ['reviewer'] } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    session = TestBed.inject(Session);
    session.signIn({ tenant: 'demo', email: user.email, password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(login);
  });
  afterEach(() => backend.verify());

  it('sends the access token to the API only', () => {
    http.get('/api/findings').subscribe();
    expect(backend.expectOne('/api/findings').request.headers.get('Authorization')).toBe('Bearer access-1');
    http.get('https://elsewhere.example/x').subscribe();
    expect(backend.expectOne('https://elsewhere.example/x').request.headers.has('Authorization')).toBe(false);
  });

  it('refreshes once on a 401, repeats the call with the new token and keeps the rotated refresh token', () => {
    let body: unknown;
    http.get('/api/findings').subscribe((b) => (body = b));
    backend.expectOne('/api/findings').flush({ message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900, tokenType: 'Bearer' });
    const retry = backend.expectOne('/api/findings');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ items: [] });
    expect(body).toEqual({ items: [] });
    expect(JSON.parse(localStorage.getItem('test.session') ?? '{}').refreshToken).toBe('refresh-2');
  });

  it('two calls failing together share one refresh (a second would replay the spent token)', () => {
    http.get('/api/a').subscribe();
    http.get('/api/b').subscribe();
    backend.expectOne('/api/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/b').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900, tokenType: 'Bearer' });
    backend.expectOne('/api/a').flush({});
    backend.expectOne('/api/b').flush({});
  });

  it('signs out and goes to sign-in when the refresh is refused, without retrying the call', () => {
    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    let status = 0;
    http.get('/api/findings').subscribe({ error: (e) => (status = e.status) });
    backend.expectOne('/api/findings').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ message: 'revoked' }, { status: 401, statusText: 'Unauthorized' });
    expect(status).toBe(401);
    expect(session.signedIn()).toBe(false);
    expect(localStorage.getItem('test.session')).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], expect.objectContaining({ queryParams: expect.objectContaining({ expired: 1 }) }));
  });

  it('refuses a user whose role may not use the application and ends their new session', () => {
    localStorage.clear();
    let error: Error | undefined;
    TestBed.inject(Session)
      .signIn({ tenant: 'demo', email: 'c@demo.test', password: 'x' })
      .subscribe({ error: (e) => (error = e) });
    backend.expectOne('/api/auth/login').flush({ ...login, refreshToken: 'customer-refresh', user: { ...user, role: 'customer' } });
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.body).toEqual({ refreshToken: 'customer-refresh' });
    logout.flush(null, { status: 204, statusText: 'No Content' });
    expect(error?.message).toMatch(/for operators/);
  });
});
