import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { forkJoin } from 'rxjs';
import type { FindingDetailView, FindingEventView, FindingView } from '@spendguard/contracts';
import { apiErrorMessage, LocalDatePipe, Session, StateView } from '@spendguard/web';
import { FindingsApi } from '../../api/findings-api';
import { OperatorDirectory } from '../../api/operators';
import { DecisionPanel } from '../../findings/decision-panel';
import { FindingEvidence } from '../../findings/finding-evidence';
import { eventLabel, REASON_LABELS, SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS } from '../../findings/labels';

/** One finding: its evidence in the customer's context, the decision panel, and its audit timeline. */
@Component({
  selector: 'sg-finding-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, StateView, LocalDatePipe, FindingEvidence, DecisionPanel],
  templateUrl: './finding-page.html',
  styleUrl: './finding-page.scss',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class FindingPage {
  private readonly api = inject(FindingsApi);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  private readonly session = inject(Session);
  private readonly directory = inject(OperatorDirectory);
  /** The route's `:id`. */
  readonly id = input.required<string>();

  readonly finding = signal<FindingDetailView | null>(null);
  readonly events = signal<FindingEventView[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  /** Why the last decision was refused by a conflicting change (shown until the next decision). */
  readonly conflict = signal<string | null>(null);
  private readonly names = signal<ReadonlyMap<string, string>>(new Map());

  protected readonly typeLabels = TYPE_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly severityLabels = SEVERITY_LABELS;
  protected readonly reasonLabels = REASON_LABELS;
  protected readonly eventLabel = eventLabel;
  readonly internalNotes = computed(() => this.finding()?.annotations ?? []);

  constructor() {
    // a new :id (the "next finding" navigates within this page) loads that finding; nothing else is tracked
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
    this.directory.list().subscribe({ next: (list) => this.names.set(new Map(list.map((o) => [o.id, o.displayName]))), error: () => undefined });
  }

  load(id = this.id()): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin([this.api.get(id), this.api.events(id)]).subscribe({
      next: ([finding, events]) => {
        this.finding.set(finding);
        this.events.set([...events].reverse());
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  actor(id: string | null): string {
    if (id === null) return 'System';
    if (id === this.session.user()?.id) return 'You';
    return this.names().get(id) ?? 'Another operator';
  }

  onDecided(result: FindingView | null): void {
    this.conflict.set(null);
    if (result) this.snack.open(`Saved: ${STATUS_LABELS[result.status]}`, 'Close', { duration: 4000 });
    this.load();
  }

  onConflict(message: string): void {
    this.conflict.set(`Someone else changed this finding: ${message}. The view now shows its current state.`);
    this.load();
  }

  takeNext(): void {
    this.api.next().subscribe({
      next: (f) => {
        if (f) void this.router.navigate(['/findings', f.id]);
        else this.snack.open('The queue is empty: nothing is waiting for review.', 'Close', { duration: 5000 });
      },
      error: (err: unknown) => this.snack.open(apiErrorMessage(err), 'Close', { duration: 6000 }),
    });
  }

  onKey(event: KeyboardEvent): void {
    const t = event.target;
    const typing = t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
    if (event.key !== 'n' || event.ctrlKey || event.metaKey || event.altKey || typing || document.querySelector('.cdk-overlay-container .mat-mdc-dialog-container')) return;
    event.preventDefault();
    this.takeNext();
  }
}
