import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { OPERATOR_ROLES, PASSWORD_MIN_LENGTH, type AdminUserView, type OperatorRole } from '@spendguard/contracts';
import { apiErrorMessage, LocalDatePipe, StateView } from '@spendguard/web';
import { AdminApi } from '../../api/admin-api';

/** Operator accounts of the tenant: the list, and a form to add reviewers, supervisors and admins. */
@Component({
  selector: 'sg-admin-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatInput, MatError, MatHint, StateView, LocalDatePipe],
  templateUrl: './admin-users-page.html',
  styleUrl: './admin.scss',
})
export class AdminUsersPage implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly snack = inject(MatSnackBar);
  protected readonly roles = OPERATOR_ROLES;
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  readonly users = signal<AdminUserView[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly saving = signal(false);
  readonly formError = signal<string | null>(null);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly form = this.fb.group({
    displayName: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email]],
    role: this.fb.control<OperatorRole>('reviewer', Validators.required),
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.users({ limit: 500 }).subscribe({
      next: (page) => {
        this.users.set(page.items.filter((u) => u.role !== 'customer'));
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
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    const v = this.form.getRawValue();
    this.api.createOperator({ ...v, email: v.email.trim(), displayName: v.displayName.trim() }).subscribe({
      next: (user) => {
        this.saving.set(false);
        formDir.resetForm({ displayName: '', email: '', role: 'reviewer', password: '' });
        this.snack.open(`${user.displayName} can now sign in as ${user.role}`, 'Close', { duration: 4000 });
        this.load();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.formError.set(apiErrorMessage(err));
      },
    });
  }
}
