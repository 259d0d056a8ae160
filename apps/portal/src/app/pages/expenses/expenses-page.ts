import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatExpansionPanel, MatExpansionPanelHeader, MatExpansionPanelTitle } from '@angular/material/expansion';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatCell, MatCellDef, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, MatTable } from '@angular/material/table';
import type { CategoryView, ExpenseListQuery, ExpensePage, ExpenseSort, ExpenseView } from '@spendguard/contracts';
import { apiErrorMessage, confirm, LocalDatePipe, MoneyPipe, StateView } from '@spendguard/web';
import { debounceTime, filter, map } from 'rxjs';
import { ExpensesApi } from '../../api/expenses-api';
import { ExpenseDialog, ExpenseDialogData } from './expense-dialog';
import { ExpenseHistoryDialog } from './expense-history-dialog';

export const SORTS: ReadonlyArray<{ value: ExpenseSort; label: string }> = [
  { value: '-occurredAt', label: 'Newest first' },
  { value: 'occurredAt', label: 'Oldest first' },
  { value: '-amount', label: 'Largest first' },
  { value: 'amount', label: 'Smallest first' },
];

/** Dialogs fill a phone's width and keep a comfortable width elsewhere. */
export const DIALOG_SIZE = { width: '560px', maxWidth: '100vw' };

@Component({
  selector: 'sg-expenses-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule, MatFormField, MatLabel, MatPrefix, MatInput, MatSelect, MatOption, MatButton, MatIconButton, MatIcon, MatMenu, MatMenuItem,
    MatMenuTrigger, MatTable, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatCell, MatCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef,
    MatExpansionPanel, MatExpansionPanelHeader, MatExpansionPanelTitle, StateView, MoneyPipe, LocalDatePipe,
  ],
  templateUrl: './expenses-page.html',
  styleUrl: './expenses-page.scss',
})
export class ExpensesPage {
  private readonly api = inject(ExpensesApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly sorts = SORTS;
  protected readonly narrow = toSignal(inject(BreakpointObserver).observe('(max-width: 700px)').pipe(map((s) => s.matches)), { initialValue: false });
  protected readonly columns = computed(() => (this.narrow() ? ['occurredOn', 'description', 'amount', 'actions'] : ['occurredOn', 'description', 'merchant', 'category', 'amount', 'actions']));

  protected readonly categories = signal<CategoryView[]>([]);
  protected readonly page = signal<ExpensePage | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Cursors of the pages before the current one (the first page has none). */
  private readonly cursors = signal<Array<string | undefined>>([]);
  private cursor: string | undefined;
  protected readonly pageNumber = computed(() => this.cursors().length + 1);

  protected readonly filters = inject(NonNullableFormBuilder).group({
    q: [''],
    categoryId: [''],
    from: [''],
    to: [''],
    minAmount: [''],
    maxAmount: [''],
    sort: ['-occurredAt' as ExpenseSort],
    limit: [25],
  });
  protected readonly activeFilters = signal(0);

  constructor() {
    this.api
      .categories()
      .pipe(takeUntilDestroyed())
      .subscribe({ next: (c) => this.categories.set(c), error: () => this.categories.set([]) });
    this.filters.valueChanges
      .pipe(
        debounceTime(300),
        filter(() => this.filters.valid),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.firstPage());
    this.firstPage();
  }

  /** The list query for the current filters (empty ones left out by the API client). */
  query(): ExpenseListQuery {
    const f = this.filters.getRawValue();
    return {
      q: f.q.trim() || undefined,
      categoryId: f.categoryId || undefined,
      from: f.from || undefined,
      to: f.to || undefined,
      minAmount: f.minAmount.trim() || undefined,
      maxAmount: f.maxAmount.trim() || undefined,
      sort: f.sort,
      limit: f.limit,
      cursor: this.cursor,
    };
  }

  firstPage(): void {
    this.cursors.set([]);
    this.cursor = undefined;
    const f = this.filters.getRawValue();
    this.activeFilters.set([f.categoryId, f.from, f.to, f.minAmount, f.maxAmount].filter((v) => v !== '').length);
    this.load();
  }

  next(): void {
    const nextCursor = this.page()?.nextCursor;
    if (!nextCursor) return;
    this.cursors.update((c) => [...c, this.cursor]);
    this.cursor = nextCursor;
    this.load();
  }

  previous(): void {
    const stack = this.cursors();
    if (!stack.length) return;
    this.cursor = stack[stack.length - 1];
    this.cursors.set(stack.slice(0, -1));
    this.load();
  }

  clearFilters(): void {
    this.filters.patchValue({ categoryId: '', from: '', to: '', minAmount: '', maxAmount: '' });
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .list(this.query())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.page.set(page);
          this.loading.set(false);
        },
        error: (e) => {
          this.error.set(apiErrorMessage(e));
          this.loading.set(false);
        },
      });
  }

  add(): void {
    this.openEditor({ categories: this.categories() }, 'Expense added');
  }

  edit(expense: ExpenseView): void {
    this.openEditor({ categories: this.categories(), expense }, 'Changes saved');
  }

  history(expense: ExpenseView): void {
    this.dialog.open(ExpenseHistoryDialog, { ...DIALOG_SIZE, data: { expense, categories: this.categories() } });
  }

  remove(expense: ExpenseView): void {
    confirm(this.dialog, { title: 'Delete this expense?', message: `“${expense.description}” will be removed from your expenses.`, confirmText: 'Delete', destructive: true })
      .pipe(filter(Boolean), takeUntilDestroyed(this.destroyRef))
      .subscribe(() =>
        this.api.remove(expense.id).subscribe({
          next: () => {
            this.snack.open('Expense deleted', undefined, { duration: 3000 });
            this.load();
          },
          error: (e) => this.snack.open(apiErrorMessage(e), 'Close'),
        }),
      );
  }

  private openEditor(data: ExpenseDialogData, done: string): void {
    this.dialog
      .open<ExpenseDialog, ExpenseDialogData, ExpenseView>(ExpenseDialog, { ...DIALOG_SIZE, data, autoFocus: 'first-tabbable' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((saved) => {
        if (!saved) return;
        this.snack.open(done, undefined, { duration: 3000 });
        this.load();
      });
  }
}
