import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { map } from 'rxjs';
import type { Role } from '@spendguard/contracts';
import { Session } from '../auth/session';
import { TenantProfile } from '../tenant/tenant-profile';
import { ThemeToggle } from '../theme/theme-toggle';

export interface NavItem {
  path: string;
  label: string;
  icon: string;
  /** Roles that see the item; every role when absent. */
  roles?: readonly Role[];
}

/**
 * The frame of both front ends: toolbar (tenant, theme, account menu with sign-out), a side navigation filtered by
 * the user's role (a drawer on narrow screens), a skip link, and the page projected into <main>.
 */
@Component({
  selector: 'sg-app-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink, RouterLinkActive, MatToolbar, MatSidenavContainer, MatSidenav, MatSidenavContent, MatNavList, MatListItem,
    MatListItemIcon, MatListItemTitle, MatIcon, MatIconButton, MatMenu, MatMenuItem, MatMenuTrigger, MatTooltip, ThemeToggle,
  ],
  templateUrl: './app-shell.html',
  styleUrl: './app-shell.scss',
})
export class AppShell {
  readonly items = input.required<readonly NavItem[]>();
  /** Where the brand link leads. */
  readonly home = input.required<string>();

  protected readonly session = inject(Session);
  protected readonly tenant = inject(TenantProfile);
  protected readonly narrow = toSignal(inject(BreakpointObserver).observe('(max-width: 900px)').pipe(map((s) => s.matches)), { initialValue: false });
  protected readonly nav = computed(() => {
    const role = this.session.role();
    return this.items().filter((item) => !item.roles || (role !== null && item.roles.includes(role)));
  });

  signOut(): void {
    this.session.signOut().subscribe({ error: () => undefined });
  }
}
