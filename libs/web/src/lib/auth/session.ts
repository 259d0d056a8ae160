import { HttpClient, HttpContext } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { Router } from '@angular/router';
import { EMPTY, finalize, firstValueFrom, from, map, Observable, of, shareReplay, switchMap, tap, throwError } from 'rxjs';
import type { LoginRequest, LoginResponse, Role, TokenPair, UserView } from '@spendguard/contracts';
import { API_BASE, SKIP_AUTH } from '../http/api';

/** Per application: where its session is kept (console and portal sign in separately). */
export interface SessionConfig {
  storageKey: string;
  /** The route of the sign-in page (absolute, inside the app). */
  signInPath: string;
  /** Roles allowed to use the application; anyone else is refused at sign-in. */
  roles: readonly Role[];
}
export const SESSION_CONFIG = new InjectionToken<SessionConfig>('SESSION_CONFIG');

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: UserView;
}

const REFRESH_LOCK = 'spendguard-token-refresh';
const skipAuth = () => ({ context: new HttpContext().set(SKIP_AUTH, true) });

/**
 * The signed-in user and their tokens. Kept in localStorage so a reload keeps the session, and shared between the
 * application's tabs: refresh tokens rotate and a replayed one revokes the whole family, so tabs serialise their
 * refreshes (Web Locks) and pick up the token another tab already obtained instead of spending a stale one.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly api = inject(API_BASE);
  private readonly config = inject(SESSION_CONFIG);
  private readonly state = signal<StoredSession | null>(this.read());
  private inflight: Observable<string> | null = null;

  readonly user = computed(() => this.state()?.user ?? null);
  readonly signedIn = computed(() => this.state() !== null);
  readonly role = computed(() => this.state()?.user.role ?? null);

  constructor() {
    const onStorage = (event: StorageEvent) => {
      if (event.key === this.config.storageKey) this.state.set(this.read());
    };
    window.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => window.removeEventListener('storage', onStorage));
  }

  accessToken(): string | null {
    return this.state()?.accessToken ?? null;
  }

  hasRole(...roles: Role[]): boolean {
    const role = this.role();
    return role !== null && roles.includes(role);
  }

  /** Signs in; a user whose role may not use this application is refused (and their new session ended). */
  signIn(request: LoginRequest): Observable<UserView> {
    return this.http.post<LoginResponse>(`${this.api}/auth/login`, request, skipAuth()).pipe(
      switchMap((res) => {
        if (!this.config.roles.includes(res.user.role)) {
          return this.http.post(`${this.api}/auth/logout`, { refreshToken: res.refreshToken }, skipAuth()).pipe(
            switchMap(() => throwError(() => new WrongApplicationError(res.user.role))),
          );
        }
        this.save(res, res.user);
        return of(res.user);
      }),
    );
  }

  /**
   * A fresh access token: one refresh at a time across the tab (shared observable) and across tabs (lock); when
   * another tab refreshed meanwhile, its token is used and ours is not spent again.
   */
  refresh(): Observable<string> {
    if (this.inflight) return this.inflight;
    const before = this.state()?.refreshToken;
    if (!before) return throwError(() => new Error('Not signed in'));
    const run = (): Observable<string> => {
      const current = this.read();
      if (!current) return throwError(() => new Error('Signed out'));
      if (current.refreshToken !== before) {
        this.state.set(current);
        return of(current.accessToken);
      }
      return this.http
        .post<TokenPair>(`${this.api}/auth/refresh`, { refreshToken: current.refreshToken }, skipAuth())
        .pipe(
          tap((pair) => this.save(pair, current.user)),
          map((pair) => pair.accessToken),
        );
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const locked: Observable<string> = locks
      ? from((async (): Promise<string> => await locks.request(REFRESH_LOCK, () => firstValueFrom(run())))())
      : run();
    this.inflight = locked.pipe(
      finalize(() => (this.inflight = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.inflight;
  }

  /** A token good for at least `marginMs` more (for long-lived connections such as event streams). */
  freshToken(marginMs = 30_000): Observable<string> {
    const s = this.state();
    if (!s) return throwError(() => new Error('Not signed in'));
    return s.expiresAt - Date.now() > marginMs ? of(s.accessToken) : this.refresh();
  }

  /** Signs out here and on the server (the refresh token's family is revoked). */
  signOut(): Observable<void> {
    const refreshToken = this.state()?.refreshToken;
    this.clear();
    void this.router.navigateByUrl(this.config.signInPath);
    if (!refreshToken) return EMPTY;
    return this.http.post<void>(`${this.api}/auth/logout`, { refreshToken }, skipAuth()).pipe(map(() => undefined));
  }

  /** The session ended on the server (refresh refused): back to sign-in, returning here afterwards. */
  expire(): void {
    if (!this.state()) return;
    const returnUrl = this.router.url;
    this.clear();
    void this.router.navigate([this.config.signInPath], { queryParams: { returnUrl, expired: 1 } });
  }

  /** Updates the stored user after the API changed it (e.g. display name). */
  setUser(user: UserView): void {
    const s = this.state();
    if (s) this.write({ ...s, user });
  }

  private save(pair: TokenPair, user: UserView): void {
    this.write({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000, user });
  }

  private write(session: StoredSession): void {
    localStorage.setItem(this.config.storageKey, JSON.stringify(session));
    this.state.set(session);
  }

  private clear(): void {
    localStorage.removeItem(this.config.storageKey);
    this.state.set(null);
  }

  private read(): StoredSession | null {
    try {
      const raw = localStorage.getItem(this.config.storageKey);
      const parsed = raw ? (JSON.parse(raw) as StoredSession) : null;
      return parsed?.accessToken && parsed.refreshToken && parsed.user ? parsed : null;
    } catch {
      return null;
    }
  }
}

/** A user signed in to the wrong application (a customer in the console, an operator in the portal). */
export class WrongApplicationError extends Error {
  constructor(readonly role: Role) {
    super(role === 'customer' ? 'This console is for operators. Customers sign in to the portal.' : 'This portal is for customers. Operators sign in to the console.');
  }
}
