import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CategorySuggestionView,
  CategoryView,
  CreateExpenseRequest,
  CsvImportMapping,
  CsvImportResult,
  ExpenseListQuery,
  ExpensePage,
  ExpenseRevisionView,
  ExpenseView,
  UpdateExpenseRequest,
} from '@spendguard/contracts';
import { API_BASE, queryParams } from '@spendguard/web';
import { map, Observable } from 'rxjs';

/** The customer's expenses, categories and CSV import. */
@Injectable({ providedIn: 'root' })
export class ExpensesApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  list(query: ExpenseListQuery): Observable<ExpensePage> {
    return this.http.get<ExpensePage>(`${this.api}/expenses`, { params: queryParams(query) });
  }

  get(id: string): Observable<ExpenseView> {
    return this.http.get<ExpenseView>(`${this.api}/expenses/${encodeURIComponent(id)}`);
  }

  create(body: CreateExpenseRequest): Observable<ExpenseView> {
    return this.http.post<ExpenseView>(`${this.api}/expenses`, body);
  }

  update(id: string, body: UpdateExpenseRequest): Observable<ExpenseView> {
    return this.http.patch<ExpenseView>(`${this.api}/expenses/${encodeURIComponent(id)}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${this.api}/expenses/${encodeURIComponent(id)}`);
  }

  history(id: string): Observable<ExpenseRevisionView[]> {
    return this.http.get<{ items: ExpenseRevisionView[] }>(`${this.api}/expenses/${encodeURIComponent(id)}/history`).pipe(map((r) => r.items));
  }

  categories(): Observable<CategoryView[]> {
    return this.http.get<{ items: CategoryView[] }>(`${this.api}/categories`).pipe(map((r) => r.items));
  }

  /** A category the model is confident about for this description, or null. */
  suggestCategory(description: string, merchant?: string | null): Observable<CategorySuggestionView | null> {
    return this.http
      .get<CategorySuggestionView | null>(`${this.api}/categories/suggest`, { params: queryParams({ description, merchant }) })
      .pipe(map((s) => (s && s.categoryId ? s : null)));
  }

  /** Sends a bank CSV: a dry run (preview) unless `commit`. Without a mapping the columns are detected. */
  importCsv(file: Blob, fileName: string, mapping: CsvImportMapping | null, commit: boolean): Observable<CsvImportResult> {
    const form = new FormData();
    form.append('file', file, fileName);
    if (mapping) form.append('mapping', JSON.stringify(mapping));
    form.append('dryRun', commit ? 'false' : 'true');
    return this.http.post<CsvImportResult>(`${this.api}/imports/csv`, form);
  }
}
