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
      { path: 'home', title: 'Overview · Spendguard', loadComponent: () => import('./pages/home/home-page').then((m) => m.HomePage) },
      { path: 'expenses', title: 'Expenses · Spendguard', loadComponent: () => import('./pages/expenses/expenses-page').then((m) => m.ExpensesPage) },
      { path: 'import', title: 'Import · Spendguard', loadComponent: () => import('./pages/import/import-page').then((m) => m.ImportPage) },
      { path: 'budgets', title: 'Budgets · Spendguard', loadComponent: () => import('./pages/budgets/budgets-page').then((m) => m.BudgetsPage) },
      { path: 'insights', title: 'Insights · Spendguard', loadComponent: () => import('./pages/insights/insights-page').then((m) => m.InsightsPage) },
      { path: 'reports', title: 'Reports · Spendguard', loadComponent: () => import('./pages/reports/reports-page').then((m) => m.ReportsPage) },
      { path: 'consent', title: 'Analysis consent · Spendguard', loadComponent: () => import('./pages/consent/consent-page').then((m) => m.ConsentPage) },
      { path: 'account', title: 'Account · Spendguard', loadComponent: () => import('./pages/account/account-page').then((m) => m.AccountPage) },
      { path: 'forbidden', component: NotFoundPage, title: 'Not allowed · Spendguard' },
      { path: '**', component: NotFoundPage, title: 'Not found · Spendguard' },
    ],
  },
];
