import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import type { CategoryView, ExpenseRevisionView, ExpenseView } from '@spendguard/contracts';
import { apiErrorMessage, LocalDatePipe, StateView } from '@spendguard/web';
import { ExpensesApi } from '../../api/expenses-api';

const FIELDS: Record<string, string> = {
  occurredOn: 'Date',
  amount: 'Amount',
  description: 'Description',
  merchant: 'Merchant',
  categoryId: 'Category',
  notes: 'Notes',
  currency: 'Currency',
};
const ACTIONS: Record<string, string> = { created: 'Added', updated: 'Changed', deleted: 'Deleted', category_merged: 'Category merged', auto_categorised: 'Category filled in automatically' };

export interface RevisionLine {
  at: string;
  action: string;
  changes: Array<{ field: string; from: string; to: string }>;
}

/** What changed between two snapshots, in the customer's words. */
export function describeRevision(r: ExpenseRevisionView, categoryNames: ReadonlyMap<string, string> = new Map()): RevisionLine {
  const before = r.before ?? {};
  const after = r.after ?? {};
  const show = (key: string, v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    return key === 'categoryId' ? (categoryNames.get(String(v)) ?? 'another category') : String(v);
  };
  const changes = Object.entries(FIELDS)
    .filter(([key]) => r.before !== null && r.after !== null && show(key, before[key]) !== show(key, after[key]))
    .map(([key, field]) => ({ field, from: show(key, before[key]), to: show(key, after[key]) }));
  return { at: r.at, action: ACTIONS[r.action] ?? r.action.replace(/_/g, ' '), changes };
}

@Component({
  selector: 'sg-expense-history-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton, StateView, LocalDatePipe],
  template: `
    <h2 mat-dialog-title>Changes to “{{ expense.description }}”</h2>
    <mat-dialog-content>
      <sg-state [loading]="loading()" [error]="error()" [empty]="!lines().length" emptyText="No changes recorded." (retry)="load()">
        <ol class="history">
          @for (line of lines(); track $index) {
            <li>
              <strong>{{ line.action }}</strong> <span class="sg-muted">{{ line.at | localDate: 'datetime' }}</span>
              @if (line.changes.length) {
                <ul>
                  @for (c of line.changes; track c.field) { <li>{{ c.field }}: {{ c.from }} → {{ c.to }}</li> }
                </ul>
              }
            </li>
          }
        </ol>
      </sg-state>
    </mat-dialog-content>
    <mat-dialog-actions align="end"><button mat-button type="button" mat-dialog-close>Close</button></mat-dialog-actions>
  `,
  styles: `.history { padding-left: 20px; margin: 0; display: flex; flex-direction: column; gap: 8px; } .history ul { margin: 4px 0 0; padding-left: 16px; overflow-wrap: anywhere; }`,
})
export class ExpenseHistoryDialog {
  private readonly data = inject<{ expense: ExpenseView; categories: CategoryView[] }>(MAT_DIALOG_DATA);
  protected readonly expense = this.data.expense;
  private readonly names = new Map(this.data.categories.map((c) => [c.id, c.name]));
  private readonly api = inject(ExpensesApi);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly lines = signal<RevisionLine[]>([]);
  private readonly destroy = takeUntilDestroyed<ExpenseRevisionView[]>();

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .history(this.expense.id)
      .pipe(this.destroy)
      .subscribe({
        next: (items) => {
          this.lines.set(items.map((r) => describeRevision(r, this.names)).reverse());
          this.loading.set(false);
        },
        error: (e) => {
          this.error.set(apiErrorMessage(e));
          this.loading.set(false);
        },
      });
  }
}
