import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { BudgetStatusItem, BudgetStatusView, BudgetView, CategoryView } from '@spendguard/contracts';
import { apiErrorMessage, LocalDatePipe, MoneyPipe, monthOf, StateView, TenantProfile, todayIn } from '@spendguard/web';
import { forkJoin, Observable, of } from 'rxjs';
import { BudgetsApi } from '../../api/budgets-api';
import { ExpensesApi } from '../../api/expenses-api';

const AMOUNT = /^\d{1,10}([.,]\d{1,2})?$/;

export interface BudgetRow {
  category: CategoryView;
  recurring: BudgetView | null;
  override: BudgetView | null;
  status: BudgetStatusItem | null;
  /** What the customer typed (strings, so a half-typed amount is not lost). */
  recurringInput: string;
  overrideInput: string;
}

@Component({
  selector: 'sg-budgets-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatFormField, MatLabel, MatHint, MatInput, MatButton, StateView, MoneyPipe, LocalDatePipe],
  templateUrl: './budgets-page.html',
  styleUrl: './budgets-page.scss',
})
export class BudgetsPage {
  private readonly budgets = inject(BudgetsApi);
  private readonly expenses = inject(ExpensesApi);
  private readonly snack = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly month = signal(monthOf(todayIn(inject(TenantProfile).profile().timezone)));
  protected readonly rows = signal<BudgetRow[]>([]);
  protected readonly statusView = signal<BudgetStatusView | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal<string | null>(null);
  protected readonly rowErrors = signal<Record<string, string>>({});
  protected readonly totals = computed(() => {
    const items = this.statusView()?.items ?? [];
    const sum = (f: (i: BudgetStatusItem) => string | null) => items.reduce((s, i) => s + Number(f(i) ?? 0), 0);
    return { budget: sum((i) => i.budget), spent: sum((i) => i.spent), projected: sum((i) => i.projected ?? i.spent) };
  });

  constructor() {
    this.load();
  }

  setMonth(value: string): void {
    if (!/^\d{4}-\d{2}$/.test(value)) return;
    this.month.set(value);
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin({ categories: this.expenses.categories(), budgets: this.budgets.list(this.month()), status: this.budgets.status(this.month()) })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ categories, budgets, status }) => {
          this.statusView.set(status);
          const byCategory = new Map(status.items.map((i) => [i.categoryId, i]));
          this.rows.set(
            categories.map((category) => {
              const recurring = budgets.find((b) => b.categoryId === category.id && b.month === null) ?? null;
              const override = budgets.find((b) => b.categoryId === category.id && b.month === this.month()) ?? null;
              return { category, recurring, override, status: byCategory.get(category.id) ?? null, recurringInput: recurring?.amount ?? '', overrideInput: override?.amount ?? '' };
            }),
          );
          this.loading.set(false);
        },
        error: (e) => {
          this.error.set(apiErrorMessage(e));
          this.loading.set(false);
        },
      });
  }

  edit(row: BudgetRow, field: 'recurringInput' | 'overrideInput', value: string): void {
    this.rows.update((rows) => rows.map((r) => (r.category.id === row.category.id ? { ...r, [field]: value } : r)));
  }

  changed(row: BudgetRow): boolean {
    return row.recurringInput.trim() !== (row.recurring?.amount ?? '') || row.overrideInput.trim() !== (row.override?.amount ?? '');
  }

  valid(value: string): boolean {
    return value.trim() === '' || AMOUNT.test(value.trim());
  }

  save(row: BudgetRow): void {
    if (!this.valid(row.recurringInput) || !this.valid(row.overrideInput)) return;
    const calls: Array<Observable<unknown>> = [];
    const id = row.category.id;
    const amount = (v: string) => v.trim().replace(',', '.');
    if (row.recurringInput.trim() !== (row.recurring?.amount ?? '')) {
      calls.push(row.recurringInput.trim() ? this.budgets.put({ categoryId: id, amount: amount(row.recurringInput) }) : row.recurring ? this.budgets.remove(row.recurring.id) : of(null));
    }
    if (row.overrideInput.trim() !== (row.override?.amount ?? '')) {
      calls.push(
        row.overrideInput.trim() ? this.budgets.put({ categoryId: id, month: this.month(), amount: amount(row.overrideInput) }) : row.override ? this.budgets.remove(row.override.id) : of(null),
      );
    }
    if (!calls.length) return;
    this.saving.set(id);
    this.rowErrors.update((e) => ({ ...e, [id]: '' }));
    forkJoin(calls)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.saving.set(null);
          this.snack.open(`Budget for ${row.category.name} saved`, undefined, { duration: 3000 });
          this.load();
        },
        error: (e) => {
          this.saving.set(null);
          this.rowErrors.update((errors) => ({ ...errors, [id]: apiErrorMessage(e) }));
        },
      });
  }
}
