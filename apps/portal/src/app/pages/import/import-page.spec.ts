import { TestBed } from '@angular/core/testing';
import type { CsvImportResult } from '@spendguard/contracts';
import { button, click, portalProviders, render, signedInCustomer, sleep, text } from '../../../testing/portal-testing';
import { csvHeaders, ImportPage } from './import-page';

const CSV = 'Datum;Text;Betrag;Art\n01.11.2026;REWE Markt;12,30;Lastschrift\n';
const result = (over: Partial<CsvImportResult>): CsvImportResult => ({
  rows: 3,
  valid: 2,
  invalid: 1,
  duplicates: 1,
  skipped: 0,
  created: 0,
  committed: false,
  dryRun: true,
  errors: [{ line: 4, message: 'amount "abc" is not a number' }],
  preview: [
    { line: 2, occurredOn: '2026-11-01', occurredAt: '2026-11-01', amount: '12.30', currency: 'EUR', description: 'REWE Markt', merchant: null, category: null, duplicate: false },
    { line: 3, occurredOn: '2026-11-02', occurredAt: '2026-11-02', amount: '8.00', currency: 'EUR', description: 'Bakery', merchant: null, category: null, duplicate: true },
  ],
  newCategories: [],
  mapping: { date: 'Datum', description: 'Text', amount: 'Betrag', type: 'Art', delimiter: ';', dateFormat: 'DD.MM.YYYY', decimal: ',' },
  ...over,
});
const formField = (body: FormData, name: string) => body.get(name);

describe('import wizard', () => {
  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [ImportPage], providers: portalProviders() });
  });

  it('reads CSV headers with quotes and the detected delimiter', () => {
    expect(csvHeaders('\uFEFF"Date";"Description; long";Amount\r')).toEqual(['Date', 'Description; long', 'Amount']);
    expect(csvHeaders('a,b,c', ',')).toEqual(['a', 'b', 'c']);
  });

  it('detects the mapping, lets it be adjusted, previews with row errors and duplicates, commits and sums up', async () => {
    const { el, backend, settle } = await render(ImportPage);
    const input = el.querySelector('input[type=file]') as HTMLInputElement;
    const file = new File([CSV], 'bank.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    await sleep(20); // the page reads the header line from the file

    const detect = backend.expectOne('/api/imports/csv');
    const detectBody = detect.request.body as FormData;
    expect(formField(detectBody, 'dryRun')).toBe('true');
    expect(formField(detectBody, 'mapping')).toBeNull(); // the server detects the columns
    detect.flush(result({}));
    await settle();
    await sleep(10);
    await settle();
    expect(text(el)).toContain("We matched your file's columns");

    // Adjust: the file has no separate category column, so the customer leaves it out, and imports credits as refunds.
    const refunds = el.querySelector('input[type=checkbox]') as HTMLInputElement;
    click(refunds);
    await settle();
    click(button('Preview import', el));
    const preview = backend.expectOne('/api/imports/csv');
    const previewBody = preview.request.body as FormData;
    expect(formField(previewBody, 'dryRun')).toBe('true');
    expect(JSON.parse(String(formField(previewBody, 'mapping')))).toEqual({ date: 'Datum', description: 'Text', amount: 'Betrag', type: 'Art', dateFormat: 'DD.MM.YYYY', refunds: true });
    preview.flush(result({}));
    await settle();
    await sleep(10);
    await settle();
    const shown = text(el);
    expect(shown).toContain('1 new expenses');
    expect(shown).toContain('1 already there');
    expect(shown).toContain('Line 4: amount "abc" is not a number');
    expect(shown).toContain('Bakery Already there');

    click(button('Import 1 expenses', el));
    const commit = backend.expectOne('/api/imports/csv');
    expect(formField(commit.request.body as FormData, 'dryRun')).toBe('false');
    commit.flush(result({ created: 1, committed: true, dryRun: false }));
    await settle();
    await sleep(10);
    await settle();
    expect(text(el)).toContain('1 expenses imported. 1 were already there and were left alone.');
    backend.expectNone('/api/imports/csv');
  });

  it('shows why a file was refused', async () => {
    const { el, backend, settle } = await render(ImportPage);
    const input = el.querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['nothing useful'], 'notes.txt')] });
    input.dispatchEvent(new Event('change'));
    await sleep(20);
    backend.expectOne('/api/imports/csv').flush({ statusCode: 400, error: 'Bad Request', message: 'No date column found' }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('No date column found');
  });
});
