import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';
import { API_BASE, SKIP_AUTH } from '../http/api';
import { Session } from './session';

const withToken = (req: HttpRequest<unknown>, token: string | null) =>
  token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

/**
 * Adds the access token to API calls. On a 401 it refreshes the token once and repeats the call; when the refresh
 * is refused the session has ended and the user is sent to sign in.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const api = inject(API_BASE);
  if (req.context.get(SKIP_AUTH) || !req.url.startsWith(api)) return next(req);
  const session = inject(Session);
  return next(withToken(req, session.accessToken())).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !session.signedIn()) return throwError(() => error);
      return session.refresh().pipe(
        catchError(() => {
          session.expire();
          return throwError(() => error);
        }),
        switchMap((token) => next(withToken(req, token))),
      );
    }),
  );
};
