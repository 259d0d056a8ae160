import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { Theme } from './theme';

@Component({
  selector: 'sg-theme-toggle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconButton, MatIcon, MatTooltip],
  template: `
    <button
      mat-icon-button
      type="button"
      (click)="theme.toggle()"
      [attr.aria-label]="theme.dark() ? 'Switch to light theme' : 'Switch to dark theme'"
      [matTooltip]="theme.dark() ? 'Light theme' : 'Dark theme'"
    >
      <mat-icon aria-hidden="true">{{ theme.dark() ? 'light_mode' : 'dark_mode' }}</mat-icon>
    </button>
  `,
})
export class ThemeToggle {
  protected readonly theme = inject(Theme);
}
