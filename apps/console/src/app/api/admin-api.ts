import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type {
  AdminUserView,
  CreateOperatorRequest,
  CreateSuppressionRequest,
  Page,
  QueueHealthView,
  Role,
  SuppressionListQuery,
  SuppressionPage,
  SuppressionRuleView,
  TenantSettingsView,
  UpdateTenantSettingsRequest,
} from '@spendguard/contracts';
import { API_BASE, queryParams } from '@spendguard/web';

/** Tenant administration: operator accounts, settings, suppression rules, the analysis queue. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  users(query: { role?: Role; q?: string; limit?: number; cursor?: string }): Observable<Page<AdminUserView>> {
    return this.http.get<Page<AdminUserView>>(`${this.api}/admin/users`, { params: queryParams(query) });
  }

  createOperator(body: CreateOperatorRequest): Observable<AdminUserView> {
    return this.http.post<AdminUserView>(`${this.api}/admin/users`, body);
  }

  tenant(): Observable<TenantSettingsView> {
    return this.http.get<TenantSettingsView>(`${this.api}/admin/tenant`);
  }

  updateTenant(body: UpdateTenantSettingsRequest): Observable<TenantSettingsView> {
    return this.http.patch<TenantSettingsView>(`${this.api}/admin/tenant`, body);
  }

  suppressions(query: SuppressionListQuery): Observable<SuppressionPage> {
    return this.http.get<SuppressionPage>(`${this.api}/suppressions`, { params: queryParams(query) });
  }

  createSuppression(body: CreateSuppressionRequest): Observable<SuppressionRuleView> {
    return this.http.post<SuppressionRuleView>(`${this.api}/suppressions`, body);
  }

  deleteSuppression(id: string): Observable<void> {
    return this.http.delete<void>(`${this.api}/suppressions/${id}`);
  }

  queue(): Observable<QueueHealthView> {
    return this.http.get<QueueHealthView>(`${this.api}/admin/queue`);
  }

  runNightly(): Observable<{ enqueued: number; runDate: string }> {
    return this.http.post<{ enqueued: number; runDate: string }>(`${this.api}/admin/analysis/nightly`, {});
  }
}
