import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { Observable } from 'rxjs';
import { REVIEWER_DISMISS_REASONS, type ReviewerDismissReason } from '@spendguard/contracts';
import { REASON_LABELS } from './labels';

export interface DismissChoice {
  reason: ReviewerDismissReason;
  note?: string;
}

interface DismissDialogData {
  /** What is being dismissed, e.g. a finding's title or "3 findings". */
  subject: string;
  /** Four-eyes applies: say that a supervisor will have to confirm. */
  needsSecondReview: boolean;
}

/** Asks why a finding (or a selection) is dismissed; "other" needs a note, as the API requires. */
@Component({
  selector: 'sg-dismiss-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton, MatFormField, MatLabel, MatSelect, MatOption, MatInput, MatError],
  template: `
    <h2 mat-dialog-title>Dismiss {{ data.subject }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        @if (data.needsSecondReview) {
          <p class="sg-muted">High-severity dismissals wait for a supervisor's confirmation.</p>
        }
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Reason</mat-label>
          <mat-select formControlName="reason" required>
            @for (r of reasons; track r) {
              <mat-option [value]="r">{{ labels[r] }}</mat-option>
            }
          </mat-select>
          @if (form.controls.reason.hasError('required')) {
            <mat-error>Choose why it is dismissed</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Note</mat-label>
          <textarea matInput formControlName="note" rows="3" maxlength="2000"></textarea>
          @if (form.controls.note.hasError('required')) {
            <mat-error>Say why when the reason is "Other"</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button mat-flat-button type="submit">Dismiss</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.wide { width: 100%; }`,
})
export class DismissDialog {
  protected readonly data = inject<DismissDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<DismissDialog, DismissChoice>>(MatDialogRef);
  protected readonly reasons = REVIEWER_DISMISS_REASONS;
  protected readonly labels = REASON_LABELS;
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    reason: this.fb.control<ReviewerDismissReason | ''>('', Validators.required),
    note: [''],
  });

  constructor() {
    this.form.controls.reason.valueChanges.subscribe((reason) => {
      this.form.controls.note.setValidators(reason === 'other' ? [Validators.required] : []);
      this.form.controls.note.updateValueAndValidity();
    });
  }

  submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { reason, note } = this.form.getRawValue();
    if (!reason) return;
    this.ref.close({ reason, note: note.trim() || undefined });
  }
}

/** Opens the dismissal dialog; emits the reason and note, or undefined when cancelled. */
export function askDismissal(dialog: MatDialog, data: DismissDialogData): Observable<DismissChoice | undefined> {
  return dialog.open<DismissDialog, DismissDialogData, DismissChoice>(DismissDialog, { data, width: '480px', maxWidth: '95vw' }).afterClosed();
}
