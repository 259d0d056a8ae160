import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { Session, TenantProfile, ThemeToggle } from '@spendguard/web';

interface NavItem {
  path: string;
  label: string;
  icon: string;
}

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
  imports: [
    RouterOutlet, RouterLink, RouterLinkActive, MatToolbar, MatSidenavContainer, MatSidenav, MatSidenavContent, MatNavList, MatListItem,
    MatListItemIcon, MatListItemTitle, MatIcon, MatIconButton, MatMenu, MatMenuItem, MatMenuTrigger, MatTooltip, ThemeToggle,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  protected readonly session = inject(Session);
  protected readonly tenant = inject(TenantProfile);
  protected readonly narrow = toSignal(inject(BreakpointObserver).observe('(max-width: 900px)').pipe(map((s) => s.matches)), { initialValue: false });
  protected readonly nav = computed(() => NAV);

  signOut(): void {
    this.session.signOut().subscribe({ error: () => undefined });
  }
}
