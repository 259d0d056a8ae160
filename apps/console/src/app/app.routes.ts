import { Route } from '@angular/router';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { signedIn, signedOut } from '@spendguard/web';
import { NotFoundPage } from './pages/not-found/not-found-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { Shell } from './shell/shell';

export const appRoutes: Route[] = [
  { path: 'sign-in', component: SignInPage, canActivate: [signedOut], title: 'Sign in · Spendguard console' },
  {
    path: '',
    component: Shell,
    canActivate: [signedIn(...OPERATOR_ROLES)],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'queue' },
      { path: 'forbidden', component: NotFoundPage, data: { forbidden: true }, title: 'Not allowed · Spendguard console' },
      { path: '**', component: NotFoundPage, title: 'Not found · Spendguard console' },
    ],
  },
];
