import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { AnalysisRunView, BudgetStatusView, ExpenseView, FindingView, OperatorCustomerDetailView } from '@spendguard/contracts';
import { addMonths, apiErrorMessage, LocalDatePipe, MoneyPipe, PercentPipe, StateView } from '@spendguard/web';
import { CustomersApi } from '../../api/customers-api';
import { FindingsApi } from '../../api/findings-api';
import { REASON_LABELS, STATUS_LABELS, TYPE_LABELS } from '../../findings/labels';


/** One customer for operators: consent, expenses, the budgets the analysis judged, past findings and decisions. */
@Component({
  selector: 'sg-customer-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIconButton, MatIcon, StateView, LocalDatePipe, MoneyPipe, PercentPipe],
  templateUrl: './customer-page.html',
  styleUrl: './customer-page.scss',
})
export class CustomerPage {
  private readonly customers = inject(CustomersApi);
  private readonly findingsApi = inject(FindingsApi);
  private readonly snack = inject(MatSnackBar);
  readonly id = input.required<string>();

  readonly customer = signal<OperatorCustomerDetailView | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);

  readonly expenses = signal<ExpenseView[]>([]);
  readonly expensesTotal = signal(0);
  readonly expensesCursor = signal<string | null>(null);
  readonly expensesLoading = signal(true);
  readonly expensesError = signal<string | null>(null);

  readonly findings = signal<FindingView[]>([]);
  readonly findingsLoading = signal(true);
  readonly findingsError = signal<string | null>(null);

  readonly runs = signal<AnalysisRunView[]>([]);

  protected readonly typeLabels = TYPE_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly reasonLabels = REASON_LABELS;

  readonly budgets = signal<BudgetStatusView | null>(null);
  readonly budgetsLoading = signal(true);
  readonly budgetsError = signal<string | null>(null);

  constructor() {
    // a new :id (the "next finding" navigates within this page) loads that finding; nothing else is tracked
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  load(id = this.id()): void {
    this.loading.set(true);
    this.error.set(null);
    this.customers.get(id).subscribe({
      next: (c) => {
        this.customer.set(c);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
    this.loadExpenses(id);
    this.loadFindings(id);
    this.loadBudgets(id);
    this.customers.runs(id).subscribe({ next: (r) => this.runs.set(r), error: () => this.runs.set([]) });
  }

  loadExpenses(id = this.id(), cursor?: string): void {
    this.expensesLoading.set(true);
    this.expensesError.set(null);
    this.customers.expenses(id, { limit: 50, cursor, sort: '-occurredAt' }).subscribe({
      next: (page) => {
        this.expenses.update((items) => (cursor ? [...items, ...page.items] : page.items));
        this.expensesTotal.set(page.total);
        this.expensesCursor.set(page.nextCursor);
        this.expensesLoading.set(false);
      },
      error: (err: unknown) => {
        this.expensesError.set(apiErrorMessage(err));
        this.expensesLoading.set(false);
      },
    });
  }

  loadBudgets(id = this.id(), month?: string): void {
    this.budgetsLoading.set(true);
    this.budgetsError.set(null);
    this.customers.budgets(id, month).subscribe({
      next: (b) => {
        this.budgets.set(b);
        this.budgetsLoading.set(false);
      },
      error: (err: unknown) => {
        this.budgetsError.set(apiErrorMessage(err));
        this.budgetsLoading.set(false);
      },
    });
  }

  /** The month before or after the one shown. */
  shiftMonth(delta: number): void {
    const current = this.budgets()?.month;
    if (!current) return;
    this.loadBudgets(this.id(), addMonths(current, delta));
  }

  loadFindings(id = this.id()): void {
    this.findingsLoading.set(true);
    this.findingsError.set(null);
    this.findingsApi.list({ customerId: id, sort: '-createdAt', limit: 100 }).subscribe({
      next: (page) => {
        this.findings.set(page.items);
        this.findingsLoading.set(false);
      },
      error: (err: unknown) => {
        this.findingsError.set(apiErrorMessage(err));
        this.findingsLoading.set(false);
      },
    });
  }

  analyse(): void {
    this.customers.analyse(this.id()).subscribe({
      next: () => {
        this.snack.open('Analysis queued: new findings appear in the queue when it finishes.', 'Close', { duration: 5000 });
        this.customers.runs(this.id()).subscribe({ next: (r) => this.runs.set(r), error: () => undefined });
      },
      error: (err: unknown) => this.snack.open(apiErrorMessage(err), 'Close', { duration: 6000 }),
    });
  }
}
