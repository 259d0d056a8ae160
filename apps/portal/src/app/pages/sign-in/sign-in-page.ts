import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTab, MatTabGroup } from '@angular/material/tabs';
import { HttpClient } from '@angular/common/http';
import { Router } from '@angular/router';
import { switchMap } from 'rxjs';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@spendguard/contracts';
import { API_BASE, apiErrorMessage, Session, ThemeToggle } from '@spendguard/web';

const TENANT_KEY = 'spendguard.portal.tenant';

/** Sign in or register; `/portal/<tenant-slug>` fixes the tenant (the bank's own link). */
@Component({
  selector: 'sg-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatCard, MatCardHeader, MatCardTitle, MatCardContent, MatFormField, MatLabel, MatHint, MatInput, MatError, MatButton, MatProgressBar, MatTabGroup, MatTab, ThemeToggle],
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.scss',
})
export class SignInPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);
  /** From the route `/:tenant`. */
  readonly tenant = input<string>();
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly tab = signal(0);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly signInForm = this.fb.group({
    tenant: [localStorage.getItem(TENANT_KEY) ?? '', [Validators.required]],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required]],
  });
  protected readonly registerForm = this.fb.group({
    tenant: [localStorage.getItem(TENANT_KEY) ?? '', [Validators.required]],
    displayName: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
  });

  constructor() {
    effect(() => {
      const fixed = this.tenant();
      if (fixed) {
        this.signInForm.controls.tenant.setValue(fixed.toLowerCase());
        this.registerForm.controls.tenant.setValue(fixed.toLowerCase());
      }
    });
  }

  signIn(): void {
    if (this.signInForm.invalid || this.busy()) {
      this.signInForm.markAllAsTouched();
      return;
    }
    const v = this.signInForm.getRawValue();
    this.run(v.tenant, this.session.signIn({ tenant: v.tenant.trim().toLowerCase(), email: v.email.trim(), password: v.password }));
  }

  register(): void {
    if (this.registerForm.invalid || this.busy()) {
      this.registerForm.markAllAsTouched();
      return;
    }
    const v = this.registerForm.getRawValue();
    const tenant = v.tenant.trim().toLowerCase();
    const account = { tenant, email: v.email.trim(), password: v.password, displayName: v.displayName.trim() };
    this.run(
      tenant,
      this.http.post(`${this.api}/auth/register`, account).pipe(switchMap(() => this.session.signIn({ tenant, email: account.email, password: account.password }))),
    );
  }

  private run(tenant: string, call: ReturnType<Session['signIn']>): void {
    this.busy.set(true);
    this.error.set(null);
    call.subscribe({
      next: () => {
        localStorage.setItem(TENANT_KEY, tenant.trim().toLowerCase());
        const target = this.returnUrl();
        void this.router.navigateByUrl(target && target.startsWith('/') && !target.startsWith('/sign-in') ? target : '/home');
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorMessage(err));
      },
    });
  }
}
