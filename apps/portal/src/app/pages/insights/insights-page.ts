import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { CUSTOMER_LIVE_EVENTS, InsightView } from '@spendguard/contracts';
import { apiErrorMessage, InsightCard, LiveEvents, StateView } from '@spendguard/web';
import { OutlookApi } from '../../api/outlook-api';

@Component({
  selector: 'sg-insights-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, InsightCard, StateView],
  template: `
    <div class="sg-page">
      <header class="sg-page-header">
        <h1>Insights</h1>
        @if (unread() > 1) { <button mat-button type="button" (click)="markAllRead()">Mark all as read</button> }
      </header>
      <p class="sg-muted intro">Your bank's team reviews what the analysis finds and shares what is useful to you here, with their own notes.</p>
      <p class="sg-visually-hidden" aria-live="polite">{{ announcement() }}</p>
      <sg-state [loading]="loading()" [error]="error()" [empty]="!items().length" emptyText="No insights yet. They appear here once your bank has reviewed your analysis." emptyIcon="lightbulb" loadingLabel="Loading insights" (retry)="load()">
        <ul class="list">
          @for (insight of items(); track insight.id) {
            <li>
              <sg-insight-card [type]="insight.type" [title]="insight.title" [message]="insight.message" [notes]="insight.annotations" [approvedAt]="insight.approvedAt" [unread]="!insight.readAt" />
              <div class="actions">
                @if (!insight.readAt) {
                  <span class="new"><mat-icon aria-hidden="true">fiber_new</mat-icon>New</span>
                  <button mat-button type="button" (click)="setRead(insight, true)" [attr.aria-label]="'Mark as read: ' + insight.title">Mark as read</button>
                } @else {
                  <button mat-button type="button" (click)="setRead(insight, false)" [attr.aria-label]="'Mark as unread: ' + insight.title">Mark as unread</button>
                }
              </div>
            </li>
          }
        </ul>
      </sg-state>
    </div>
  `,
  styles: `
    .intro { margin-top: 0; }
    .list { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 16px; max-width: 760px; }
    .actions { display: flex; align-items: center; justify-content: flex-end; gap: 8px; }
    .new { display: inline-flex; align-items: center; gap: 4px; color: var(--mat-sys-primary); font: var(--mat-sys-label-large); }
  `,
})
export class InsightsPage {
  private readonly api = inject(OutlookApi);
  private readonly snack = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly items = signal<InsightView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly announcement = signal('');
  protected readonly unread = computed(() => this.items().filter((i) => !i.readAt).length);

  constructor() {
    this.load();
    inject(LiveEvents)
      .stream('/insights/stream', CUSTOMER_LIVE_EVENTS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        this.announcement.set('A new insight has arrived.');
        this.load();
      });
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .insights()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (items) => {
          this.items.set(items);
          this.loading.set(false);
        },
        error: (e) => {
          this.error.set(apiErrorMessage(e));
          this.loading.set(false);
        },
      });
  }

  setRead(insight: InsightView, read: boolean): void {
    this.api.markRead(insight.id, read).subscribe({
      next: () => this.items.update((items) => items.map((i) => (i.id === insight.id ? { ...i, readAt: read ? new Date().toISOString() : null } : i))),
      error: (e) => this.snack.open(apiErrorMessage(e), 'Close'),
    });
  }

  markAllRead(): void {
    for (const insight of this.items().filter((i) => !i.readAt)) this.setRead(insight, true);
  }
}
