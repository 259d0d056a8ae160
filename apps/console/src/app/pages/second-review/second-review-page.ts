import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { filter } from 'rxjs';
import { OPERATOR_LIVE_EVENTS, type FindingDecidedEvent, type FindingView } from '@spendguard/contracts';
import { apiErrorMessage, confirm, LiveEvents, LocalDatePipe, Session, StateView } from '@spendguard/web';
import { FindingsApi } from '../../api/findings-api';
import { REASON_LABELS, SEVERITY_LABELS, TYPE_LABELS } from '../../findings/labels';

/** Four-eyes: dismissals of high-severity findings waiting for a second supervisor to confirm or reject them. */
@Component({
  selector: 'sg-second-review-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, StateView, LocalDatePipe],
  templateUrl: './second-review-page.html',
  styleUrl: './second-review-page.scss',
})
export class SecondReviewPage implements OnInit {
  private readonly api = inject(FindingsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly session = inject(Session);
  private readonly live = inject(LiveEvents);
  private readonly destroyRef = inject(DestroyRef);

  readonly items = signal<FindingView[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly busyId = signal<string | null>(null);
  protected readonly reasonLabels = REASON_LABELS;
  protected readonly typeLabels = TYPE_LABELS;
  protected readonly severityLabels = SEVERITY_LABELS;

  ngOnInit(): void {
    this.load();
    this.live
      .stream<FindingDecidedEvent>('/findings/stream', OPERATOR_LIVE_EVENTS)
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        filter((e) => e.type === 'finding.decided' && (e.data.status === 'pending_second_review' || e.data.fromStatus === 'pending_second_review')),
      )
      .subscribe(() => this.load(false));
  }

  load(showProgress = true): void {
    if (showProgress) this.loading.set(true);
    this.error.set(null);
    this.api.list({ status: 'pending_second_review', sort: 'dueAt', limit: 200 }).subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  own(f: FindingView): boolean {
    return f.firstReviewerId === this.session.user()?.id;
  }

  confirmDismissal(f: FindingView): void {
    confirm(this.dialog, { title: 'Confirm the dismissal?', message: `“${f.title}” (${f.customer.displayName}) will be dismissed for good.`, confirmText: 'Confirm dismissal', destructive: true })
      .pipe(filter(Boolean))
      .subscribe(() => this.decide(f, 'confirm'));
  }

  reject(f: FindingView): void {
    confirm(this.dialog, { title: 'Reject the dismissal?', message: `“${f.title}” goes back to the reviewer who dismissed it.`, confirmText: 'Reject dismissal' })
      .pipe(filter(Boolean))
      .subscribe(() => this.decide(f, 'reject'));
  }

  private decide(f: FindingView, what: 'confirm' | 'reject'): void {
    this.busyId.set(f.id);
    const call = what === 'confirm' ? this.api.confirmDismissal(f.id, f.version) : this.api.rejectDismissal(f.id, { version: f.version });
    call.subscribe({
      next: () => {
        this.busyId.set(null);
        this.snack.open(what === 'confirm' ? 'Dismissal confirmed' : 'Dismissal rejected: back to its reviewer', 'Close', { duration: 4000 });
        this.load(false);
      },
      error: (err: unknown) => {
        this.busyId.set(null);
        const message = apiErrorMessage(err);
        this.snack.open(err instanceof HttpErrorResponse && err.status === 409 ? `Someone else changed this finding: ${message}` : message, 'Close', { duration: 6000 });
        this.load(false);
      },
    });
  }
}
