import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatCell, MatCellDef, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, MatTable } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, Subject } from 'rxjs';
import type { OperatorCustomerQuery, OperatorCustomerView } from '@spendguard/contracts';
import { apiErrorMessage, LocalDatePipe, StateView } from '@spendguard/web';
import { CustomersApi } from '../../api/customers-api';

/** The tenant's customers: search by name or email, consent, open findings and the last analysis. */
@Component({
  selector: 'sg-customers-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, MatFormField, MatLabel, MatSuffix, MatInput, MatSelect, MatOption, MatTable, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatCell, MatCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, StateView, LocalDatePipe],
  templateUrl: './customers-page.html',
  styles: `.filters { display: flex; gap: 12px; flex-wrap: wrap; } .filters mat-form-field { width: 260px; } table { width: 100%; } .paging { display: flex; justify-content: space-between; align-items: center; padding: 12px 0; } .num { text-align: right; }`,
})
export class CustomersPage implements OnInit {
  private readonly api = inject(CustomersApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly search$ = new Subject<string>();

  readonly q = signal('');
  readonly consent = signal<'' | 'true' | 'false'>('');
  readonly items = signal<OperatorCustomerView[]>([]);
  readonly total = signal(0);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  protected readonly columns = ['name', 'email', 'consent', 'openFindings', 'lastAnalysisAt'];

  ngOnInit(): void {
    this.search$.pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef)).subscribe((q) => {
      this.q.set(q);
      this.load();
    });
    this.load();
  }

  search(value: string): void {
    this.search$.next(value.trim());
  }

  setConsent(value: '' | 'true' | 'false'): void {
    this.consent.set(value);
    this.load();
  }

  private query(cursor?: string): OperatorCustomerQuery {
    return { q: this.q() || undefined, consent: this.consent() || undefined, limit: 50, cursor };
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list(this.query()).subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.total.set(page.total);
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (!cursor) return;
    this.api.list(this.query(cursor)).subscribe({
      next: (page) => {
        this.items.update((items) => [...items, ...page.items]);
        this.nextCursor.set(page.nextCursor);
      },
      error: (err: unknown) => this.error.set(apiErrorMessage(err)),
    });
  }
}
