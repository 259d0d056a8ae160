import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import type { ConsentView } from '@spendguard/contracts';
import { apiErrorMessage, confirm, LocalDatePipe, StateView, TenantProfile } from '@spendguard/web';
import { filter } from 'rxjs';
import { OutlookApi } from '../../api/outlook-api';

@Component({
  selector: 'sg-consent-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, StateView, LocalDatePipe],
  templateUrl: './consent-page.html',
  styles: `
    .explain { max-width: 760px; }
    .explain h2 { font: var(--mat-sys-title-medium); margin: 20px 0 4px; }
    .state { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 16px; margin: 16px 0; max-width: 760px; }
    .state strong { font: var(--mat-sys-title-medium); }
    .granted mat-icon { color: var(--mat-sys-primary); }
    .history { padding-left: 20px; }
    .error { color: var(--mat-sys-error); }
  `,
})
export class ConsentPage {
  private readonly api = inject(OutlookApi);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly bank = inject(TenantProfile).profile;
  protected readonly consent = signal<ConsentView | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .consent()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (c) => {
          this.consent.set(c);
          this.loading.set(false);
        },
        error: (e) => {
          this.error.set(apiErrorMessage(e));
          this.loading.set(false);
        },
      });
  }

  grant(): void {
    this.set(true);
  }

  revoke(): void {
    confirm(this.dialog, {
      title: 'Stop the analysis?',
      message: 'Your spending will no longer be analysed, and nothing new will be shared with you. Insights you already have stay visible. You can turn it on again at any time.',
      confirmText: 'Stop analysis',
    })
      .pipe(filter(Boolean), takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.set(false));
  }

  private set(analysis: boolean): void {
    this.busy.set(true);
    this.actionError.set(null);
    this.api.setConsent(analysis).subscribe({
      next: (c) => {
        this.consent.set(c);
        this.busy.set(false);
      },
      error: (e) => {
        this.actionError.set(apiErrorMessage(e));
        this.busy.set(false);
      },
    });
  }
}
