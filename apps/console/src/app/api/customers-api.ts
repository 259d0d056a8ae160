import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import type {
  AnalysisRunView,
  BudgetStatusView,
  ExpenseListQuery,
  ExpensePage,
  OperatorCustomerDetailView,
  OperatorCustomerPage,
  OperatorCustomerQuery,
} from '@spendguard/contracts';
import { API_BASE, queryParams } from '@spendguard/web';

/** Operators' view of the tenant's customers (`/api/operator/customers`) and their analysis runs. */
@Injectable({ providedIn: 'root' })
export class CustomersApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  list(query: OperatorCustomerQuery): Observable<OperatorCustomerPage> {
    return this.http.get<OperatorCustomerPage>(`${this.api}/operator/customers`, { params: queryParams(query) });
  }

  get(id: string): Observable<OperatorCustomerDetailView> {
    return this.http.get<OperatorCustomerDetailView>(`${this.api}/operator/customers/${id}`);
  }

  expenses(id: string, query: ExpenseListQuery): Observable<ExpensePage> {
    return this.http.get<ExpensePage>(`${this.api}/operator/customers/${id}/expenses`, { params: queryParams(query) });
  }

  /** The customer's budgets for a month (default: the current one) against spending and the month's projection. */
  budgets(id: string, month?: string): Observable<BudgetStatusView> {
    return this.http.get<BudgetStatusView>(`${this.api}/operator/customers/${id}/budgets/status`, { params: queryParams({ month }) });
  }

  runs(customerId: string): Observable<AnalysisRunView[]> {
    return this.http
      .get<{ items: AnalysisRunView[] }>(`${this.api}/analysis/runs`, { params: queryParams({ customerId, limit: 20 }) })
      .pipe(map((r) => r.items));
  }

  analyse(customerId: string): Observable<{ id: string; status: string }> {
    return this.http.post<{ id: string; status: string }>(`${this.api}/analysis/runs`, { customerId });
  }
}
