import { TestBed } from '@angular/core/testing';
import type { CategoryView, ExpensePage, ExpenseView } from '@spendguard/contracts';
import { button, click, portalProviders, render, signedInCustomer, sleep, text, type } from '../../../testing/portal-testing';
import { ExpensesPage } from './expenses-page';

const categories: CategoryView[] = [
  { id: 'g', name: 'Groceries', isDefault: true },
  { id: 'd', name: 'Dining', isDefault: true },
];
const expense = (id: string, description: string, amount: string, version = 1): ExpenseView => ({
  id,
  occurredAt: '2026-11-20',
  occurredOn: '2026-11-20',
  amount,
  currency: 'USD',
  description,
  merchant: 'Corner Cafe',
  categoryId: 'd',
  category: 'Dining',
  notes: null,
  refund: false,
  source: 'manual',
  externalId: null,
  version,
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-20T10:00:00Z',
});
const page = (items: ExpenseView[], nextCursor: string | null = null): ExpensePage => ({ items, nextCursor, total: items.length + (nextCursor ? 25 : 0) });
const overlay = () => document.querySelector('.cdk-overlay-container') as HTMLElement;
const field = (name: string) => overlay().querySelector(`[name=${name}]`) as HTMLInputElement;

describe('expenses page', () => {
  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [ExpensesPage], providers: portalProviders() });
  });
  afterEach(() => document.querySelector('.cdk-overlay-container')?.replaceChildren());

  async function start(items = [expense('e1', 'Lunch with Sam', '12.30')], nextCursor: string | null = null) {
    const r = await render(ExpensesPage);
    r.backend.expectOne('/api/categories').flush({ items: categories });
    const first = r.backend.expectOne((req) => req.url === '/api/expenses');
    expect(first.request.params.toString()).toBe('sort=-occurredAt&limit=25');
    first.flush(page(items, nextCursor));
    await r.settle();
    return r;
  }

  it('lists expenses, and filters, search and sorting become the query; paging follows the cursor and back', async () => {
    const { el, backend, settle } = await start([expense('e1', 'Lunch with Sam', '12.30')], 'cursor-2');
    expect(el.textContent).toContain('Lunch with Sam');
    expect(el.textContent).toContain('$12.30');
    expect(el.textContent).toContain('26 expenses');

    click(button('Next', el));
    const next = backend.expectOne((req) => req.url === '/api/expenses');
    expect(next.request.params.get('cursor')).toBe('cursor-2');
    next.flush(page([expense('e2', 'Bus ticket', '2.75')]));
    await settle();
    expect(el.textContent).toContain('Page 2');
    click(button('Previous', el));
    expect(backend.expectOne((req) => req.url === '/api/expenses').request.params.has('cursor')).toBe(false);

    type(el.querySelector('input[name=q]'), 'coffee');
    type(el.querySelector('input[name=minAmount]'), '5');
    type(el.querySelector('input[name=from]'), '2026-01-01');
    await sleep(350);
    const filtered = backend.expectOne((req) => req.url === '/api/expenses');
    expect(filtered.request.params.toString()).toBe('q=coffee&from=2026-01-01&minAmount=5&sort=-occurredAt&limit=25');
    filtered.flush(page([]));
    await settle();
    expect(el.textContent).toContain('No expenses match');
    expect(text(el)).toContain('Filters (2)');
  });

  it('adds an expense: the suggested category can be taken, and the API’s validation messages are shown', async () => {
    const { el, backend, settle } = await start();
    click(button('Add expense', el));
    await settle();
    expect(overlay().textContent).toContain('Add an expense');
    type(field('amount'), '12.5');
    type(field('description'), 'Weekly groceries');
    await sleep(450);
    const suggest = backend.expectOne((req) => req.url === '/api/categories/suggest');
    expect(suggest.request.params.get('description')).toBe('Weekly groceries');
    suggest.flush({ categoryId: 'g', category: 'Groceries', confidence: 0.82 });
    await settle();
    expect(overlay().textContent).toContain('Suggested category: Groceries');
    click(button('Use Groceries', overlay()));
    await settle();

    click(button('Add expense', overlay()));
    const create = backend.expectOne('/api/expenses');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toMatchObject({ amount: '12.5', description: 'Weekly groceries', categoryId: 'g', merchant: null, refund: false });
    create.flush(
      { statusCode: 400, error: 'Bad Request', message: ['occurredAt must not be in the future', 'amount must be a positive decimal'] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const alert = overlay().querySelector('[role=alert]')?.textContent ?? '';
    expect(alert).toContain('occurredAt must not be in the future');
    expect(alert).toContain('amount must be a positive decimal');
    expect(overlay().textContent).toContain('Add an expense'); // still open, nothing lost
  });

  it('an edit based on a stale version explains the 409 and starts again from the latest version', async () => {
    const { el, backend, settle } = await start();
    click(el.querySelector('button[aria-label="Actions for Lunch with Sam"]'));
    await settle();
    click(button('Edit', overlay()));
    await settle();
    expect(overlay().textContent).toContain('Edit expense');
    expect(field('amount').value).toBe('12.30');
    type(field('amount'), '14.80');
    click(button('Save changes', overlay()));
    const patch = backend.expectOne('/api/expenses/e1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toMatchObject({ version: 1, amount: '14.80' });
    patch.flush({ statusCode: 409, error: 'Conflict', message: 'stale version' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(overlay().textContent).toContain('This expense was changed somewhere else in the meantime');
    expect(button('Save changes', overlay())?.disabled).toBe(true);

    click(button('Load the latest version', overlay()));
    backend.expectOne('/api/expenses/e1').flush(expense('e1', 'Lunch with Sam and Alex', '13.00', 2));
    await settle();
    expect(field('description').value).toBe('Lunch with Sam and Alex');
    type(field('amount'), '14.80');
    await settle();
    click(button('Save changes', overlay()));
    const retry = backend.expectOne('/api/expenses/e1');
    expect(retry.request.body).toMatchObject({ version: 2, amount: '14.80', description: 'Lunch with Sam and Alex' });
    retry.flush(expense('e1', 'Lunch with Sam and Alex', '14.80', 3));
    await settle();
    await sleep(200); // the dialog's closing animation, then the list reloads
    await settle();
    backend.expectOne((req) => req.url === '/api/expenses').flush(page([expense('e1', 'Lunch with Sam and Alex', '14.80', 3)]));
    await settle();
    expect(el.textContent).toContain('$14.80');
  });
});
