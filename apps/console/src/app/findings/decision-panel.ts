import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { filter, map, Observable, of, switchMap } from 'rxjs';
import { ANNOTATION_VISIBILITIES, REVIEWER_DISMISS_REASONS, type AnnotationVisibility, type FindingDetailView, type FindingView, type OperatorView, type ReviewerDismissReason } from '@spendguard/contracts';
import { apiErrorMessage, confirm, InsightCard, Session } from '@spendguard/web';
import { FindingsApi } from '../api/findings-api';
import { OperatorDirectory } from '../api/operators';
import { REASON_LABELS } from './labels';

const OPEN = ['pending', 'in_review'] as const;

/**
 * Everything a reviewer can do to one finding: approve (rewording what the customer will read, with a live preview
 * rendered by the portal's own InsightCard), dismiss with a reason, snooze, annotate, assign (supervisors) and the
 * second review of a four-eyes dismissal. A pending finding is claimed first (the workflow demands it); every
 * decision carries the version the reviewer saw, and a 409 is reported to the page, which reloads the finding.
 */
@Component({
  selector: 'sg-decision-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatInput, MatError, MatHint, MatButton, MatRadioGroup, MatRadioButton, InsightCard],
  templateUrl: './decision-panel.html',
  styleUrl: './decision-panel.scss',
})
export class DecisionPanel {
  private readonly api = inject(FindingsApi);
  private readonly session = inject(Session);
  private readonly dialog = inject(MatDialog);
  private readonly directory = inject(OperatorDirectory);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly finding = input.required<FindingDetailView>();
  /** A decision went through: the page reloads the finding and its timeline. */
  readonly decided = output<FindingView | null>();
  /** Someone else changed the finding first (409): the page explains and reloads. */
  readonly conflict = output<string>();

  protected readonly reasons = REVIEWER_DISMISS_REASONS;
  protected readonly reasonLabels = REASON_LABELS;
  protected readonly visibilities = ANNOTATION_VISIBILITIES;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly operators = signal<OperatorView[]>([]);

  readonly approveForm = this.fb.group({
    title: ['', [Validators.required, Validators.maxLength(200)]],
    message: ['', [Validators.required, Validators.maxLength(4000)]],
    note: ['', Validators.maxLength(2000)],
  });
  readonly dismissForm = this.fb.group({
    reason: this.fb.control<ReviewerDismissReason | ''>('', Validators.required),
    note: ['', Validators.maxLength(2000)],
  });
  readonly snoozeForm = this.fb.group({ until: ['', Validators.required] });
  readonly noteForm = this.fb.group({
    body: ['', [Validators.required, Validators.maxLength(4000)]],
    visibility: this.fb.control<AnnotationVisibility>('internal'),
  });
  readonly assignForm = this.fb.group({ assigneeId: ['', Validators.required] });
  readonly rejectForm = this.fb.group({ note: ['', Validators.maxLength(2000)] });

  private readonly title = toSignal(this.approveForm.controls.title.valueChanges, { initialValue: '' });
  private readonly message = toSignal(this.approveForm.controls.message.valueChanges, { initialValue: '' });
  readonly previewTitle = computed(() => this.title().trim() || this.finding().title);
  readonly previewMessage = computed(() => this.message().trim() || this.finding().message);
  readonly previewNotes = computed(() => this.finding().annotations.filter((a) => a.visibility === 'customer').map((a) => ({ body: a.body, at: a.createdAt })));
  readonly rewritten = computed(() => this.title().trim() !== this.finding().title || this.message().trim() !== this.finding().message);

  readonly open = computed(() => (OPEN as readonly string[]).includes(this.finding().status));
  readonly supervisor = computed(() => this.session.hasRole('supervisor', 'admin'));
  readonly me = computed(() => this.session.user()?.id ?? null);
  readonly claimedByOther = computed(() => {
    const f = this.finding();
    return f.status === 'in_review' && f.assigneeId !== null && f.assigneeId !== this.me() && !this.claimLapsed(f);
  });
  readonly secondReview = computed(() => this.finding().status === 'pending_second_review' && this.supervisor());
  readonly ownDismissal = computed(() => this.finding().firstReviewerId === this.me());
  readonly minSnooze = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  constructor() {
    // a new finding, or a new version of it, resets the wording to what the customer would see now
    let seen = '';
    effect(() => {
      const f = this.finding();
      const key = `${f.id}:${f.version}`;
      if (key === seen) return;
      seen = key;
      this.approveForm.reset({ title: f.title, message: f.message, note: '' });
      this.error.set(null);
    });
    this.dismissForm.controls.reason.valueChanges.subscribe((reason) => {
      this.dismissForm.controls.note.setValidators(reason === 'other' ? [Validators.required, Validators.maxLength(2000)] : [Validators.maxLength(2000)]);
      this.dismissForm.controls.note.updateValueAndValidity();
    });
    effect(() => {
      if (this.supervisor() && !this.operators().length) this.directory.list().subscribe({ next: (list) => this.operators.set(list), error: () => undefined });
    });
  }

  private claimLapsed(f: FindingView): boolean {
    return f.claimExpiresAt !== null && new Date(f.claimExpiresAt).getTime() < Date.now();
  }

  /** The version to decide with: a pending (or lapsed) finding is claimed first, as the workflow requires. */
  private claimed(): Observable<number> {
    const f = this.finding();
    const mustClaim = f.status === 'pending' || (f.status === 'in_review' && f.assigneeId !== this.me() && this.claimLapsed(f));
    return mustClaim ? this.api.claim(f.id, f.version).pipe(map((x) => x.version)) : of(f.version);
  }

  private run(call: Observable<FindingView | null>): void {
    this.busy.set(true);
    this.error.set(null);
    call.subscribe({
      next: (result) => {
        this.busy.set(false);
        this.decided.emit(result);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        if (err instanceof HttpErrorResponse && err.status === 409) this.conflict.emit(apiErrorMessage(err));
        else this.error.set(apiErrorMessage(err));
      },
    });
  }

  claim(): void {
    const f = this.finding();
    this.run(this.api.claim(f.id, f.version));
  }

  release(): void {
    const f = this.finding();
    this.run(this.api.release(f.id, f.version));
  }

  approve(): void {
    if (this.approveForm.invalid) {
      this.approveForm.markAllAsTouched();
      return;
    }
    const f = this.finding();
    const { title, message, note } = this.approveForm.getRawValue();
    const body = {
      title: title.trim() !== f.title ? title.trim() : undefined,
      message: message.trim() !== f.message ? message.trim() : undefined,
      note: note.trim() || undefined,
    };
    this.run(this.claimed().pipe(switchMap((version) => this.api.approve(f.id, { version, ...body }))));
  }

  dismiss(): void {
    const { reason, note } = this.dismissForm.getRawValue();
    if (this.dismissForm.invalid || !reason) {
      this.dismissForm.markAllAsTouched();
      return;
    }
    const f = this.finding();
    this.run(this.claimed().pipe(switchMap((version) => this.api.dismiss(f.id, { version, reason, note: note.trim() || undefined }))));
  }

  snooze(): void {
    const { until } = this.snoozeForm.getRawValue();
    if (this.snoozeForm.invalid) {
      this.snoozeForm.markAllAsTouched();
      return;
    }
    const f = this.finding();
    // the start of the chosen day in the reviewer's own time zone
    const at = new Date(`${until}T00:00:00`).toISOString();
    this.run(this.claimed().pipe(switchMap((version) => this.api.snooze(f.id, { version, until: at }))));
  }

  /** `noteDir` is reset with the form, so the empty note field does not show an error after a note was added. */
  annotate(noteDir: FormGroupDirective): void {
    const { body, visibility } = this.noteForm.getRawValue();
    if (this.noteForm.invalid || !body.trim()) {
      this.noteForm.markAllAsTouched();
      return;
    }
    const f = this.finding();
    this.run(
      this.api.annotate(f.id, { body: body.trim(), visibility }).pipe(
        map(() => {
          noteDir.resetForm({ body: '', visibility: 'internal' });
          return null;
        }),
      ),
    );
  }

  assign(): void {
    const { assigneeId } = this.assignForm.getRawValue();
    if (!assigneeId) {
      this.assignForm.markAllAsTouched();
      return;
    }
    const f = this.finding();
    this.run(this.api.assign(f.id, { version: f.version, assigneeId }));
  }

  confirmDismissal(): void {
    const f = this.finding();
    confirm(this.dialog, { title: 'Confirm the dismissal?', message: `“${f.title}” will be dismissed for good; the customer never sees it.`, confirmText: 'Confirm dismissal', destructive: true })
      .pipe(filter(Boolean))
      .subscribe(() => this.run(this.api.confirmDismissal(f.id, f.version)));
  }

  rejectDismissal(): void {
    const f = this.finding();
    this.run(this.api.rejectDismissal(f.id, { version: f.version, note: this.rejectForm.getRawValue().note.trim() || undefined }));
  }

  resetWording(): void {
    const f = this.finding();
    this.approveForm.patchValue({ title: f.originalTitle, message: f.originalMessage });
  }
}
