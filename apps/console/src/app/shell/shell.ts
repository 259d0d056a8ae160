import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { AppShell, NavItem } from '@spendguard/web';

/** Navigation by role: reviewers review; supervisors also confirm dismissals; admins also run the tenant. */
export const NAV: readonly NavItem[] = [
  { path: '/queue', label: 'Review queue', icon: 'inbox', roles: ['reviewer', 'supervisor', 'admin'] },
  { path: '/second-review', label: 'Second review', icon: 'fact_check', roles: ['supervisor', 'admin'] },
  { path: '/customers', label: 'Customers', icon: 'people', roles: ['reviewer', 'supervisor', 'admin'] },
  { path: '/dashboard', label: 'Dashboard', icon: 'insights', roles: ['reviewer', 'supervisor', 'admin'] },
  { path: '/admin', label: 'Administration', icon: 'settings', roles: ['admin'] },
];

@Component({
  selector: 'sg-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AppShell, RouterOutlet],
  template: `<sg-app-shell [items]="nav" home="/queue"><router-outlet /></sg-app-shell>`,
  styles: `:host { display: block; }`,
})
export class Shell {
  protected readonly nav = NAV;
}
