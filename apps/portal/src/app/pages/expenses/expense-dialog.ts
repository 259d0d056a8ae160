import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatProgressBar } from '@angular/material/progress-bar';
import type { CategorySuggestionView, CategoryView, CreateExpenseRequest, ExpenseView } from '@spendguard/contracts';
import { apiErrorMessages, TenantProfile, todayIn } from '@spendguard/web';
import { debounceTime, distinctUntilChanged, filter, map, merge, of, switchMap, catchError } from 'rxjs';
import { ExpensesApi } from '../../api/expenses-api';

export interface ExpenseDialogData {
  categories: CategoryView[];
  /** Absent for a new expense. */
  expense?: ExpenseView;
}

const AMOUNT = /^\d{1,10}([.,]\d{1,2})?$/;

/** Add or edit an expense; the API's own validation messages are shown, and a stale edit is explained. */
@Component({
  selector: 'sg-expense-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule, MatDialogTitle, MatDialogContent, MatDialogActions, MatFormField, MatLabel, MatHint, MatError, MatInput, MatSelect,
    MatOption, MatCheckbox, MatButton, MatProgressBar,
  ],
  templateUrl: './expense-dialog.html',
  styles: `
    form { display: flex; flex-direction: column; gap: 4px; }
    .row { display: flex; gap: 12px; flex-wrap: wrap; }
    .row > * { flex: 1 1 140px; }
    .errors { color: var(--mat-sys-error); margin: 0 0 8px; padding-left: 20px; }
    .suggestion { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; font: var(--mat-sys-body-medium); margin: 0 0 8px; }
  `,
})
export class ExpenseDialog {
  protected readonly data = inject<ExpenseDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ExpenseDialog, ExpenseView>);
  private readonly api = inject(ExpensesApi);
  private readonly tenant = inject(TenantProfile);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly editing = !!this.data.expense;
  protected readonly busy = signal(false);
  protected readonly errors = signal<string[]>([]);
  /** A newer version was saved elsewhere: the form offers to start over from it. */
  protected readonly stale = signal(false);
  protected readonly suggestion = signal<CategorySuggestionView | null>(null);
  private version = this.data.expense?.version ?? 0;

  protected readonly form = inject(NonNullableFormBuilder).group({
    occurredAt: [this.data.expense?.occurredOn ?? todayIn(this.tenant.profile().timezone), [Validators.required]],
    amount: [this.data.expense ? this.data.expense.amount.replace('-', '') : '', [Validators.required, Validators.pattern(AMOUNT)]],
    description: [this.data.expense?.description ?? '', [Validators.required, Validators.maxLength(500)]],
    merchant: [this.data.expense?.merchant ?? '', [Validators.maxLength(200)]],
    categoryId: [this.data.expense?.categoryId ?? ''],
    notes: [this.data.expense?.notes ?? '', [Validators.maxLength(2000)]],
    refund: [this.data.expense?.refund ?? false],
  });

  constructor() {
    // Suggest a category for a new expense while the customer has not picked one themselves.
    if (!this.editing) {
      const c = this.form.controls;
      merge(c.description.valueChanges, c.merchant.valueChanges)
        .pipe(
          debounceTime(400),
          map(() => ({ description: c.description.value.trim(), merchant: c.merchant.value.trim() })),
          distinctUntilChanged((a, b) => a.description === b.description && a.merchant === b.merchant),
          filter(() => !c.categoryId.value),
          switchMap((v) => (v.description.length < 3 ? of(null) : this.api.suggestCategory(v.description, v.merchant || null).pipe(catchError(() => of(null))))),
          takeUntilDestroyed(this.destroyRef),
        )
        .subscribe((s) => this.suggestion.set(s && this.data.categories.some((k) => k.id === s.categoryId) ? s : null));
    }
  }

  useSuggestion(): void {
    const s = this.suggestion();
    if (!s) return;
    this.form.controls.categoryId.setValue(s.categoryId);
    this.suggestion.set(null);
  }

  save(): void {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateExpenseRequest = {
      occurredAt: v.occurredAt,
      amount: v.amount.replace(',', '.'),
      description: v.description.trim(),
      merchant: v.merchant.trim() || null,
      categoryId: v.categoryId || null,
      notes: v.notes.trim() || null,
      refund: v.refund,
    };
    this.busy.set(true);
    this.errors.set([]);
    const expense = this.data.expense;
    const call = expense ? this.api.update(expense.id, { ...body, version: this.version }) : this.api.create(body);
    call.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (saved) => this.ref.close(saved),
      error: (e: unknown) => {
        this.busy.set(false);
        if (e instanceof HttpErrorResponse && e.status === 409) {
          this.stale.set(true);
          this.errors.set(['This expense was changed somewhere else in the meantime. Load the latest version, then make your change again.']);
        } else {
          this.errors.set(apiErrorMessages(e));
        }
      },
    });
  }

  /** After a 409: the latest version from the server replaces the form's values. */
  reloadLatest(): void {
    const expense = this.data.expense;
    if (!expense) return;
    this.busy.set(true);
    this.api
      .get(expense.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (latest) => {
          this.version = latest.version;
          this.form.patchValue({
            occurredAt: latest.occurredOn,
            amount: latest.amount.replace('-', ''),
            description: latest.description,
            merchant: latest.merchant ?? '',
            categoryId: latest.categoryId ?? '',
            notes: latest.notes ?? '',
            refund: latest.refund,
          });
          this.stale.set(false);
          this.errors.set([]);
          this.busy.set(false);
        },
        error: (e) => {
          this.busy.set(false);
          this.errors.set(apiErrorMessages(e));
        },
      });
  }

  cancel(): void {
    this.ref.close();
  }
}
