import { inject } from '@angular/core';
import { CanMatchFn, Route } from '@angular/router';
import { Session, signedIn, signedOut } from '@spendguard/web';
import { NotFoundPage } from './pages/not-found/not-found-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { NAV, Shell } from './shell/shell';

const APP_PATHS = new Set([...NAV.map((item) => item.path.slice(1)), 'sign-in', 'forbidden', 'not-found']);

/** `/portal/<tenant-slug>`: the bank's own link to sign in or register, for signed-out visitors. */
const bankLink: CanMatchFn = (_route, segments) =>
  segments.length === 1 && !APP_PATHS.has(segments[0].path) && !inject(Session).signedIn();

export const appRoutes: Route[] = [
  { path: 'sign-in', component: SignInPage, canActivate: [signedOut], title: 'Sign in · Spendguard' },
  { path: ':tenant', component: SignInPage, canMatch: [bankLink], title: 'Sign in · Spendguard' },
  {
    path: '',
    component: Shell,
    canActivate: [signedIn('customer')],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'home' },
      { path: 'forbidden', component: NotFoundPage, title: 'Not allowed · Spendguard' },
      { path: '**', component: NotFoundPage, title: 'Not found · Spendguard' },
    ],
  },
];
