import { TestBed } from '@angular/core/testing';
import type { BudgetStatusView } from '@spendguard/contracts';
import { click, portalProviders, render, signedInCustomer, text, type } from '../../../testing/portal-testing';
import { BudgetsPage } from './budgets-page';
import { todayIn } from '@spendguard/web';

describe('budgets page', () => {
  const month = todayIn('America/New_York').slice(0, 7);
  const status: BudgetStatusView = {
    month,
    currency: 'USD',
    daysInMonth: 30,
    daysElapsed: 20,
    daysLeft: 10,
    projectionMethod: 'forecast',
    missingRates: [],
    items: [{ categoryId: 'g', category: 'Groceries', budget: '300.00', spent: '250.00', remaining: '50.00', percentUsed: 83.3, projected: '360.00', projectedLow: '330.00', projectedHigh: '395.00' }],
  };

  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [BudgetsPage], providers: portalProviders() });
  });

  async function start() {
    const r = await render(BudgetsPage);
    r.backend.expectOne('/api/categories').flush({ items: [{ id: 'g', name: 'Groceries', isDefault: true }, { id: 'd', name: 'Dining', isDefault: true }] });
    r.backend.expectOne(`/api/budgets?month=${month}`).flush({ items: [{ id: 'b1', categoryId: 'g', category: 'Groceries', month: null, amount: '300.00', currency: 'USD' }] });
    r.backend.expectOne(`/api/budgets/status?month=${month}`).flush(status);
    await r.settle();
    return r;
  }

  it('shows each category with its budgets and the projected month end', async () => {
    const { el } = await start();
    const groceries = text(el.querySelector('li.row'));
    expect(groceries).toContain('Spent $250.00 of $300.00 (83.3%)');
    expect(groceries).toContain('expected by month end $360.00 (likely $330.00 to $395.00)');
    expect(groceries).toContain('may go over');
    expect((el.querySelector('input[name=recurring-g]') as HTMLInputElement).value).toBe('300.00');
  });

  it('saves a recurring budget and a one-month amount, and refuses a malformed amount before sending', async () => {
    const { el, backend, settle } = await start();
    type(el.querySelector('input[name=recurring-d]'), '12.345');
    await settle();
    expect(text(el)).toContain('Use an amount like 250 or 250.50');
    expect(el.querySelector<HTMLButtonElement>('button[aria-label="Save budget for Dining"]')?.disabled).toBe(true);

    type(el.querySelector('input[name=recurring-d]'), '150');
    type(el.querySelector('input[name=override-d]'), '220,50');
    await settle();
    click(el.querySelector('button[aria-label="Save budget for Dining"]'));
    const puts = backend.match('/api/budgets');
    expect(puts.map((p) => p.request.body)).toEqual([{ categoryId: 'd', amount: '150' }, { categoryId: 'd', month, amount: '220.50' }]);
    puts.forEach((p, i) => p.flush({ id: `n${i}`, categoryId: 'd', category: 'Dining', month: i ? month : null, amount: '1.00', currency: 'USD' }));
    await settle();
    backend.expectOne(`/api/budgets?month=${month}`).flush({ items: [] });
    backend.expectOne('/api/categories').flush({ items: [] });
    backend.expectOne(`/api/budgets/status?month=${month}`).flush({ ...status, items: [] });
    expect(text(el)).not.toContain('Use an amount like');
  });

  it('clearing a budget deletes it', async () => {
    const { el, backend, settle } = await start();
    type(el.querySelector('input[name=recurring-g]'), '');
    await settle();
    click(el.querySelector('button[aria-label="Save budget for Groceries"]'));
    const del = backend.expectOne('/api/budgets/b1');
    expect(del.request.method).toBe('DELETE');
  });
});
