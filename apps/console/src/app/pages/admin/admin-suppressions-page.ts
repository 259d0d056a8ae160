import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { filter } from 'rxjs';
import { FINDING_TYPES, type FindingType, type OperatorCustomerView, type SuppressionRuleView } from '@spendguard/contracts';
import { apiErrorMessage, confirm, LocalDatePipe, StateView } from '@spendguard/web';
import { AdminApi } from '../../api/admin-api';
import { CustomersApi } from '../../api/customers-api';
import { TYPE_LABELS } from '../../findings/labels';

/** Suppression rules: new findings matching a rule are stored as dismissed ("suppressed") and never reach the queue. */
@Component({
  selector: 'sg-admin-suppressions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatInput, MatError, MatHint, StateView, LocalDatePipe],
  templateUrl: './admin-suppressions-page.html',
  styleUrl: './admin.scss',
})
export class AdminSuppressionsPage implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly customersApi = inject(CustomersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly types = FINDING_TYPES;
  protected readonly typeLabels = TYPE_LABELS;
  readonly rules = signal<SuppressionRuleView[]>([]);
  readonly customers = signal<OperatorCustomerView[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly saving = signal(false);
  readonly formError = signal<string | null>(null);

  readonly form = this.fb.group({
    customerId: [''],
    findingType: this.fb.control<FindingType | ''>(''),
    merchant: ['', Validators.maxLength(200)],
    note: ['', [Validators.required, Validators.maxLength(2000)]],
    expiresAt: [''],
  });

  ngOnInit(): void {
    this.load();
    this.customersApi.list({ limit: 500 }).subscribe({ next: (p) => this.customers.set(p.items), error: () => undefined });
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.suppressions({ limit: 500 }).subscribe({
      next: (page) => {
        this.rules.set(page.items);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  /** `formDir` is reset too, so the fresh form does not show errors from the submission that just succeeded. */
  create(formDir: FormGroupDirective): void {
    const v = this.form.getRawValue();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    if (!v.findingType && !v.merchant.trim()) {
      this.formError.set('Choose a finding type or a merchant: a rule must say what it silences.');
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    this.api
      .createSuppression({
        customerId: v.customerId || undefined,
        findingType: v.findingType || undefined,
        merchant: v.merchant.trim() || undefined,
        note: v.note.trim(),
        expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T23:59:59`).toISOString() : undefined,
      })
      .subscribe({
        next: () => {
          this.saving.set(false);
          formDir.resetForm();
          this.snack.open('Suppression rule added', 'Close', { duration: 4000 });
          this.load();
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.formError.set(apiErrorMessage(err));
        },
      });
  }

  remove(rule: SuppressionRuleView): void {
    confirm(this.dialog, { title: 'Delete the rule?', message: `New findings matching “${rule.note}” will reach the queue again.`, confirmText: 'Delete', destructive: true })
      .pipe(filter(Boolean))
      .subscribe(() =>
        this.api.deleteSuppression(rule.id).subscribe({
          next: () => this.load(),
          error: (err: unknown) => this.snack.open(apiErrorMessage(err), 'Close', { duration: 6000 }),
        }),
      );
  }
}
