import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, SessionView } from '@spendguard/contracts';
import { apiErrorMessage, confirm, LocalDatePipe, Session, StateView } from '@spendguard/web';
import { filter } from 'rxjs';
import { AccountApi } from '../../api/account-api';

const sameAsNew = (group: AbstractControl): ValidationErrors | null =>
  group.get('newPassword')?.value === group.get('repeat')?.value ? null : { mismatch: true };

/** The API names its fields; a person reads these instead. */
export function passwordMessage(message: string): string {
  if (/currentPassword is not correct/.test(message)) return 'That is not your current password.';
  if (/newPassword must differ/.test(message)) return 'Choose a new password that is different from the current one.';
  return message.replace(/\bnewPassword\b/g, 'The new password').replace(/\bcurrentPassword\b/g, 'The current password');
}

/** A session's browser in a few words ("Chrome on Linux"), from its user agent. */
export function describeAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return browser && os ? `${browser} on ${os}` : browser ?? os ?? ua.slice(0, 60);
}

@Component({
  selector: 'sg-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatHint, MatError, MatInput, MatButton, MatIcon, StateView, LocalDatePipe],
  templateUrl: './account-page.html',
  styles: `
    section { max-width: 640px; margin-bottom: 24px; }
    h2 { font: var(--mat-sys-title-medium); }
    form { display: flex; flex-direction: column; gap: 4px; }
    .error { color: var(--mat-sys-error); }
    .sessions { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    .sessions li { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px; }
    .current { font: var(--mat-sys-label-medium); color: var(--mat-sys-primary); }
  `,
})
export class AccountPage {
  private readonly api = inject(AccountApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly session = inject(Session);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly describe = describeAgent;

  protected readonly sessions = signal<SessionView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly passwordBusy = signal(false);
  protected readonly passwordError = signal<string | null>(null);
  protected readonly passwordDone = signal(false);

  protected readonly passwordForm = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', [Validators.required]],
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
      repeat: ['', [Validators.required]],
    },
    { validators: sameAsNew },
  );

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .sessions()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (s) => {
          this.sessions.set(s);
          this.loading.set(false);
        },
        error: (e) => {
          this.error.set(apiErrorMessage(e));
          this.loading.set(false);
        },
      });
  }

  changePassword(): void {
    if (this.passwordForm.invalid || this.passwordBusy()) {
      this.passwordForm.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.passwordForm.getRawValue();
    this.passwordBusy.set(true);
    this.passwordError.set(null);
    this.passwordDone.set(false);
    this.api.changePassword(currentPassword, newPassword).subscribe({
      next: () => {
        this.passwordBusy.set(false);
        this.passwordDone.set(true);
        this.passwordForm.reset();
        this.load();
      },
      error: (e) => {
        this.passwordBusy.set(false);
        this.passwordError.set(passwordMessage(apiErrorMessage(e)));
      },
    });
  }

  revoke(s: SessionView): void {
    confirm(this.dialog, { title: 'Sign out this device?', message: `${describeAgent(s.userAgent)} will need to sign in again.`, confirmText: 'Sign out device' })
      .pipe(filter(Boolean), takeUntilDestroyed(this.destroyRef))
      .subscribe(() =>
        this.api.revokeSession(s.id).subscribe({
          next: () => {
            this.snack.open('Device signed out', undefined, { duration: 3000 });
            this.load();
          },
          error: (e) => this.snack.open(apiErrorMessage(e), 'Close'),
        }),
      );
  }

  signOut(): void {
    this.session.signOut().subscribe({ error: () => undefined });
  }
}
