import { Route } from '@angular/router';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { signedIn, signedOut } from '@spendguard/web';
import { NotFoundPage } from './pages/not-found/not-found-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { Shell } from './shell/shell';

const title = (page: string) => `${page} · Spendguard console`;

// Every page but sign-in is lazy: the initial bundle carries the shell only (and never ECharts).
export const appRoutes: Route[] = [
  { path: 'sign-in', component: SignInPage, canActivate: [signedOut], title: title('Sign in') },
  {
    path: '',
    component: Shell,
    canActivate: [signedIn(...OPERATOR_ROLES)],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'queue' },
      { path: 'queue', loadComponent: () => import('./pages/queue/queue-page').then((m) => m.QueuePage), title: title('Review queue') },
      { path: 'findings/:id', loadComponent: () => import('./pages/finding/finding-page').then((m) => m.FindingPage), title: title('Finding') },
      {
        path: 'second-review',
        canActivate: [signedIn('supervisor', 'admin')],
        loadComponent: () => import('./pages/second-review/second-review-page').then((m) => m.SecondReviewPage),
        title: title('Second review'),
      },
      { path: 'customers', loadComponent: () => import('./pages/customers/customers-page').then((m) => m.CustomersPage), title: title('Customers') },
      { path: 'customers/:id', loadComponent: () => import('./pages/customer/customer-page').then((m) => m.CustomerPage), title: title('Customer') },
      { path: 'dashboard', loadComponent: () => import('./pages/dashboard/dashboard-page').then((m) => m.DashboardPage), title: title('Dashboard') },
      {
        path: 'admin',
        canActivate: [signedIn('admin')],
        loadComponent: () => import('./pages/admin/admin-page').then((m) => m.AdminPage),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'users' },
          { path: 'users', loadComponent: () => import('./pages/admin/admin-users-page').then((m) => m.AdminUsersPage), title: title('Operators') },
          { path: 'tenant', loadComponent: () => import('./pages/admin/admin-tenant-page').then((m) => m.AdminTenantPage), title: title('Tenant settings') },
          { path: 'suppressions', loadComponent: () => import('./pages/admin/admin-suppressions-page').then((m) => m.AdminSuppressionsPage), title: title('Suppression rules') },
          { path: 'queue', loadComponent: () => import('./pages/admin/admin-queue-page').then((m) => m.AdminQueuePage), title: title('Analysis queue') },
        ],
      },
      { path: 'forbidden', component: NotFoundPage, data: { forbidden: true }, title: title('Not allowed') },
      { path: '**', component: NotFoundPage, title: title('Not found') },
    ],
  },
];
