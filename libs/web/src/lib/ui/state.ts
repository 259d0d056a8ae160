import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';

/**
 * Loading, error and empty states around a page's content, the same everywhere: a progress bar while loading, the
 * API's message with a retry button on error, a short explanation when there is nothing to show.
 */
@Component({
  selector: 'sg-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatProgressBar, MatButton, MatIcon],
  template: `
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="loadingLabel()" />
    }
    @if (error(); as message) {
      <div class="sg-state sg-state-error" role="alert">
        <mat-icon aria-hidden="true">error_outline</mat-icon>
        <span>{{ message }}</span>
        <button mat-button type="button" (click)="retry.emit()">Try again</button>
      </div>
    } @else if (empty() && !loading()) {
      <div class="sg-state sg-state-empty" role="status">
        <mat-icon aria-hidden="true">{{ emptyIcon() }}</mat-icon>
        <span>{{ emptyText() }}</span>
      </div>
    } @else {
      <ng-content />
    }
  `,
  styles: `
    :host { display: block; }
    .sg-state { display: flex; align-items: center; gap: 12px; padding: 24px 16px; color: var(--mat-sys-on-surface-variant); }
    .sg-state-error { color: var(--mat-sys-error); }
  `,
})
export class StateView {
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  readonly empty = input(false);
  readonly emptyText = input('Nothing here yet.');
  readonly emptyIcon = input('inbox');
  readonly loadingLabel = input('Loading');
  readonly retry = output<void>();
}
