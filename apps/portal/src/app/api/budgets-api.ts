import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { BudgetListView, BudgetStatusView, BudgetView, PutBudgetRequest } from '@spendguard/contracts';
import { API_BASE, queryParams } from '@spendguard/web';
import { map, Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class BudgetsApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  /** Recurring budgets and, with a month, that month's overrides. */
  list(month?: string): Observable<BudgetView[]> {
    return this.http.get<BudgetListView>(`${this.api}/budgets`, { params: queryParams({ month }) }).pipe(map((r) => r.items));
  }

  put(body: PutBudgetRequest): Observable<BudgetView> {
    return this.http.put<BudgetView>(`${this.api}/budgets`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${this.api}/budgets/${encodeURIComponent(id)}`);
  }

  status(month?: string): Observable<BudgetStatusView> {
    return this.http.get<BudgetStatusView>(`${this.api}/budgets/status`, { params: queryParams({ month }) });
  }
}
