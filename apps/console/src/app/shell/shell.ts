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
import type { Role } from '@spendguard/contracts';
import { Session, TenantProfile, ThemeToggle } from '@spendguard/web';

interface NavItem {
  path: string;
  label: string;
  icon: string;
  roles: readonly Role[];
}

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
  protected readonly nav = computed(() => {
    const role = this.session.role();
    return NAV.filter((item) => role !== null && item.roles.includes(role));
  });

  signOut(): void {
    this.session.signOut().subscribe({ error: () => undefined });
  }
}
