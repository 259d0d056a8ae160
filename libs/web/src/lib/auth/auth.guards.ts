import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { Role } from '@spendguard/contracts';
import { Session, SESSION_CONFIG } from './session';

/** Only signed-in users (of the given roles, when any) pass; others go to sign-in and come back afterwards. */
export function signedIn(...roles: Role[]): CanActivateFn {
  return (_route, state) => {
    const session = inject(Session);
    const router = inject(Router);
    if (!session.signedIn()) {
      return router.createUrlTree([inject(SESSION_CONFIG).signInPath], { queryParams: { returnUrl: state.url } });
    }
    if (roles.length && !session.hasRole(...roles)) return router.createUrlTree(['/forbidden']);
    return true;
  };
}

/** The sign-in page is skipped when a session exists. */
export const signedOut: CanActivateFn = () => {
  const session = inject(Session);
  return session.signedIn() ? inject(Router).createUrlTree(['/']) : true;
};
