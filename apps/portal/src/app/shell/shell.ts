import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { AppShell, NavItem } from '@spendguard/web';

export const NAV: readonly NavItem[] = [
  { path: '/home', label: 'Overview', icon: 'home' },
  { path: '/expenses', label: 'Expenses', icon: 'receipt_long' },
  { path: '/import', label: 'Import', icon: 'upload_file' },
  { path: '/budgets', label: 'Budgets', icon: 'savings' },
  { path: '/insights', label: 'Insights', icon: 'lightbulb' },
  { path: '/reports', label: 'Reports', icon: 'description' },
  { path: '/consent', label: 'Analysis consent', icon: 'verified_user' },
  { path: '/account', label: 'Account', icon: 'manage_accounts' },
];

@Component({
  selector: 'sg-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AppShell, RouterOutlet],
  template: `<sg-app-shell [items]="nav" home="/home"><router-outlet /></sg-app-shell>`,
  styles: `:host { display: block; }`,
})
export class Shell {
  protected readonly nav = NAV;
}
