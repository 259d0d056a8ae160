import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabLink, MatTabNav, MatTabNavPanel } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** Tenant administration: one tab per area, each a child route. */
@Component({
  selector: 'sg-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatTabNav, MatTabLink, MatTabNavPanel],
  template: `
    <section class="sg-page">
      <header class="sg-page-header"><h1>Administration</h1></header>
      <nav mat-tab-nav-bar [tabPanel]="panel" aria-label="Administration">
        @for (tab of tabs; track tab.path) {
          <a mat-tab-link [routerLink]="tab.path" routerLinkActive #rla="routerLinkActive" [active]="rla.isActive">{{ tab.label }}</a>
        }
      </nav>
      <mat-tab-nav-panel #panel><div class="panel"><router-outlet /></div></mat-tab-nav-panel>
    </section>
  `,
  styles: `.panel { padding-top: 16px; }`,
})
export class AdminPage {
  protected readonly tabs = [
    { path: 'users', label: 'Operators' },
    { path: 'tenant', label: 'Tenant settings' },
    { path: 'suppressions', label: 'Suppression rules' },
    { path: 'queue', label: 'Analysis queue' },
  ];
}
