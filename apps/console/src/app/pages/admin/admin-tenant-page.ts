import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { TenantSettingsView } from '@spendguard/contracts';
import { apiErrorMessage, StateView } from '@spendguard/web';
import { AdminApi } from '../../api/admin-api';

/** Tenant settings: nightly time, time zone, locale and currency, flag budget, four-eyes and the review SLAs. */
@Component({
  selector: 'sg-admin-tenant-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatInput, MatError, MatHint, MatSlideToggle, StateView],
  templateUrl: './admin-tenant-page.html',
  styleUrl: './admin.scss',
})
export class AdminTenantPage implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly snack = inject(MatSnackBar);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly settings = signal<TenantSettingsView | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly saving = signal(false);
  readonly formError = signal<string | null>(null);
  protected readonly zones: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

  readonly form = this.fb.group({
    nightlyAt: ['', [Validators.required, Validators.pattern(/^([01][0-9]|2[0-3]):[0-5][0-9]$/)]],
    timezone: ['', Validators.required],
    locale: ['', Validators.required],
    currency: ['', [Validators.required, Validators.pattern(/^[A-Z]{3}$/)]],
    flagBudget: [0.02, [Validators.required, Validators.min(0.001), Validators.max(0.2)]],
    fourEyes: [true],
    slaHigh: [24, [Validators.required, Validators.min(1), Validators.max(720)]],
    slaMedium: [72, [Validators.required, Validators.min(1), Validators.max(720)]],
    slaLow: [168, [Validators.required, Validators.min(1), Validators.max(720)]],
  });

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.tenant().subscribe({
      next: (s) => {
        this.apply(s);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  private apply(s: TenantSettingsView): void {
    this.settings.set(s);
    this.form.reset({
      nightlyAt: s.nightlyAt,
      timezone: s.timezone,
      locale: s.locale,
      currency: s.currency,
      flagBudget: s.flagBudget,
      fourEyes: s.fourEyes,
      slaHigh: s.slaHours.high,
      slaMedium: s.slaHours.medium,
      slaLow: s.slaHours.low,
    });
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.saving.set(true);
    this.formError.set(null);
    this.api
      .updateTenant({
        nightlyAt: v.nightlyAt,
        timezone: v.timezone,
        locale: v.locale,
        currency: v.currency,
        flagBudget: Number(v.flagBudget),
        fourEyes: v.fourEyes,
        slaHours: { high: Number(v.slaHigh), medium: Number(v.slaMedium), low: Number(v.slaLow) },
      })
      .subscribe({
        next: (s) => {
          this.saving.set(false);
          this.apply(s);
          this.snack.open('Tenant settings saved', 'Close', { duration: 4000 });
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.formError.set(apiErrorMessage(err));
        },
      });
  }
}
