import { HttpClient } from '@angular/common/http';
import { computed, effect, inject, Injectable, signal } from '@angular/core';
import type { TenantProfileView } from '@spendguard/contracts';
import { Session } from '../auth/session';
import { API_BASE } from '../http/api';

const FALLBACK: TenantProfileView = { slug: '', name: '', currency: 'USD', locale: 'en-US', timezone: 'UTC' };

/** The signed-in user's tenant (name, currency, locale, time zone), loaded once per session. */
@Injectable({ providedIn: 'root' })
export class TenantProfile {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);
  private readonly loaded = signal<TenantProfileView | null>(null);

  readonly profile = computed(() => this.loaded() ?? FALLBACK);
  readonly ready = computed(() => this.loaded() !== null);

  constructor() {
    const session = inject(Session);
    effect(() => {
      const user = session.user();
      if (!user) {
        this.loaded.set(null);
        return;
      }
      if (this.loaded()?.slug === user.tenantSlug) return;
      this.http.get<TenantProfileView>(`${this.api}/tenant`).subscribe({ next: (p) => this.loaded.set(p), error: () => undefined });
    });
  }
}
