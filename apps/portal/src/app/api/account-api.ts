import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SessionView } from '@spendguard/contracts';
import { API_BASE } from '@spendguard/web';
import { map, Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http.post<void>(`${this.api}/auth/password`, { currentPassword, newPassword });
  }

  sessions(): Observable<SessionView[]> {
    return this.http.get<{ items: SessionView[] }>(`${this.api}/auth/sessions`).pipe(map((r) => r.items));
  }

  revokeSession(id: string): Observable<void> {
    return this.http.delete<void>(`${this.api}/auth/sessions/${encodeURIComponent(id)}`);
  }
}
