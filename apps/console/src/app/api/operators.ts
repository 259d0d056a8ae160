import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable, shareReplay } from 'rxjs';
import type { OperatorList, OperatorView } from '@spendguard/contracts';
import { API_BASE, Session } from '@spendguard/web';

/**
 * The tenant's operators (`/api/operators`), for assigning findings and naming people in the audit trail; loaded
 * once per signed-in user and shared by every page.
 */
@Injectable({ providedIn: 'root' })
export class OperatorDirectory {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);
  private readonly session = inject(Session);
  private cache: { userId: string; list: Observable<OperatorView[]> } | null = null;

  list(): Observable<OperatorView[]> {
    const userId = this.session.user()?.id ?? '';
    if (this.cache?.userId !== userId) {
      const list = this.http.get<OperatorList>(`${this.api}/operators`).pipe(
        map((r) => r.items),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
      this.cache = { userId, list };
    }
    return this.cache.list;
  }
}
