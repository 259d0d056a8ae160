import { DynamicModule, Module, Type } from '@nestjs/common';
import { BudgetsController } from './budgets/budgets.controller';
import { BudgetsService } from './budgets/budgets.service';
import { BUDGET_PROJECTION, BudgetProjectionProvider, PaceProjectionProvider } from './budgets/projection.provider';
import { CategoriesController } from './categories/categories.controller';
import { CategoriesService } from './categories/categories.service';
import { ConsentController } from './consent/consent.controller';
import { ConsentService } from './consent/consent.service';
import { ExpensesController } from './expenses/expenses.controller';
import { ExpensesService } from './expenses/expenses.service';
import { FxRatesController } from './fx/fx-rates.controller';
import { FxRatesService } from './fx/fx-rates.service';
import { ImportController } from './import/import.controller';
import { CsvImportService } from './import/import.service';
import { OperatorCustomerBudgetsController } from './operator/operator-customer-budgets.controller';
import { OperatorCustomersController } from './operator/operator-customers.controller';
import { OperatorCustomersService } from './operator/operator-customers.service';
import { ExpenseEvents } from './shared/expense-events';

/** Analysis consent; the analysis imports this module to ask who may be analysed. */
@Module({
  controllers: [ConsentController],
  providers: [ConsentService, ExpenseEvents],
  exports: [ConsentService, ExpenseEvents],
})
export class ConsentModule {}

export interface ExpensesModuleOptions {
  /** Month-end projection for budget status; the pace projection unless the analysis provides a forecast. */
  projection?: Type<BudgetProjectionProvider>;
}

/**
 * Customers' spending data: categories, expenses (with revisions, batch ingestion, CSV import and export),
 * budgets with their status, FX rates, and the operators' read-only view of customers.
 * The budget projection is bound to BUDGET_PROJECTION so a forecast can replace the pace projection.
 */
@Module({
  imports: [ConsentModule],
  controllers: [
    CategoriesController,
    ExpensesController,
    ImportController,
    BudgetsController,
    FxRatesController,
    OperatorCustomersController,
    OperatorCustomerBudgetsController,
  ],
  providers: [
    CategoriesService,
    ExpensesService,
    CsvImportService,
    BudgetsService,
    FxRatesService,
    OperatorCustomersService,
  ],
  exports: [ExpensesService, BudgetsService, ConsentModule],
})
export class ExpensesModule {
  static forRoot(options: ExpensesModuleOptions = {}): DynamicModule {
    return {
      module: ExpensesModule,
      providers: [{ provide: BUDGET_PROJECTION, useClass: options.projection ?? PaceProjectionProvider }],
    };
  }
}
