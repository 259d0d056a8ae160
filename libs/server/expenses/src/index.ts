export * from './lib/expenses.module';
export * from './lib/consent/consent.service';
export * from './lib/expenses/expenses.service';
export * from './lib/budgets/budgets.service';
export * from './lib/budgets/projection.provider';
export * as expenseDomain from './lib/domain';
export * from './lib/shared/expense-events';
