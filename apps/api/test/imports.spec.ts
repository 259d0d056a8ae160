import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createUser, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

const datasets = path.resolve(process.cwd(), '../shared/datasets');
const KAGGLE = path.join(datasets, 'personal_finance_kaggle/personal_transactions.csv');
const HOUSEHOLD = path.join(datasets, 'daily_household_transactions/daily_household_transactions.csv');
const MONEY_MANAGER = path.join(datasets, 'money_manager_expenses/expenses.csv');

/** Straight from the raw file, independently of the importer: the rows the type column calls spending. */
function expectedFrom(file: string, typeColumn: string, debit: string, description: (row: Record<string, string>) => string) {
  const records: Array<Record<string, string>> = parse(readFileSync(file), { columns: true, skip_empty_lines: true });
  const debits = records.filter((r) => r[typeColumn] === debit);
  const cents = (amount: string) => {
    const [int, frac = ''] = amount.trim().split('.');
    return `${Number(int)}.${(frac + '00').slice(0, 2)}`;
  };
  const keys = new Set(debits.map((r) => `${r['date']}|${cents(r['amount'])}|${description(r).trim().replace(/\s+/g, ' ').toLowerCase()}`));
  return { rows: records.length, debits: debits.length, distinct: keys.size, records };
}

describe('CSV import', () => {
  let t: TestApp;
  let demo: TenantFixture;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const upload = (token: string, file: Buffer | string, fields: Record<string, string> = {}, name = 'export.csv') => {
    let req = t.http().post('/api/imports/csv').set(as(token)).attach('file', Buffer.isBuffer(file) ? file : readFileSync(file), name);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const newCustomer = async (email: string) => {
    const id = await createUser(t.owner, demo.tenantId, { email, role: 'customer' });
    return { id, token: (await login(t, 'demo', email)).accessToken };
  };
  const countFor = async (userId: string) => (await t.owner.query(`SELECT count(*)::int AS n FROM expenses WHERE user_id = $1`, [userId]))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    await t.owner.query(`UPDATE tenants SET timezone = 'Asia/Kolkata', currency = 'INR', locale = 'en-IN' WHERE id = $1`, [demo.tenantId]);
  });
  afterAll(() => t.close());

  it('Kaggle personal finance: a dry run previews, the commit imports the debits, a second import creates nothing', async () => {
    const expected = expectedFrom(KAGGLE, 'transaction_type', 'debit', (r) => r['description']);
    const me = await newCustomer('kaggle@demo.test');

    const dry = await upload(me.token, KAGGLE);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      rows: expected.rows,
      valid: expected.debits,
      invalid: 0,
      skipped: expected.rows - expected.debits,
      duplicates: expected.debits - expected.distinct,
      created: 0,
      committed: false,
      dryRun: true,
      errors: [],
    });
    expect(dry.body.mapping).toMatchObject({ date: 'date', amount: 'amount', type: 'transaction_type', category: 'category', dateFormat: 'YYYY-MM-DD', delimiter: ',' });
    expect(dry.body.preview[0]).toMatchObject({ line: 2, occurredOn: '2018-01-01', amount: '11.11', currency: 'INR', description: 'Amazon', category: 'Shopping', duplicate: false });
    expect(dry.body.newCategories).toContain('Restaurants');
    expect(dry.body.newCategories).not.toContain('Shopping'); // matches the default "Shopping"
    expect(await countFor(me.id)).toBe(0);

    const commit = await upload(me.token, KAGGLE, { dryRun: 'false' });
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({ committed: true, created: expected.distinct, valid: expected.debits });
    expect(await countFor(me.id)).toBe(expected.distinct);

    const again = await upload(me.token, KAGGLE, { dryRun: 'false' });
    expect(again.body).toMatchObject({ committed: true, created: 0, duplicates: expected.debits });
    expect(await countFor(me.id)).toBe(expected.distinct);

    const categories = (await t.http().get('/api/categories').set(as(me.token))).body.items.map((c: { name: string }) => c.name);
    expect(categories.filter((n: string) => n.toLowerCase() === 'restaurants')).toEqual(['Restaurants']);
    expect(categories.filter((n: string) => n.toLowerCase() === 'shopping')).toEqual(['Shopping']);
    // every imported row records its creator (its history's `created` entry until it first changes)
    const [{ mine }] = await t.owner.query(`SELECT count(*)::int AS mine FROM expenses WHERE user_id = $1 AND created_by = $1`, [me.id]);
    expect(mine).toBe(expected.distinct);
  });

  it('Kaggle personal finance with credits mapped as refunds imports them as negative amounts', async () => {
    const expected = expectedFrom(KAGGLE, 'transaction_type', 'debit', (r) => r['description']);
    const credits = expected.records.filter((r) => r['transaction_type'] === 'credit').length;
    const me = await newCustomer('refunds@demo.test');
    const res = await upload(me.token, KAGGLE, { dryRun: 'false', mapping: JSON.stringify({ refunds: true }) });
    expect(res.body).toMatchObject({ skipped: 0, valid: expected.rows, created: expected.distinct + credits });
    const [{ negative }] = await t.owner.query(`SELECT count(*)::int AS negative FROM expenses WHERE user_id = $1 AND amount < 0`, [me.id]);
    expect(negative).toBe(credits);
  });

  it('daily household transactions (INR, times, notes with fallbacks): expenses only, transfers and income skipped', async () => {
    const describe = (r: Record<string, string>) => r['note'] || r['subcategory'] || r['category'];
    const expected = expectedFrom(HOUSEHOLD, 'income_expense', 'Expense', describe);
    const me = await newCustomer('household@demo.test');
    const mapping = JSON.stringify({ description: ['note', 'subcategory', 'category'] });
    const res = await upload(me.token, HOUSEHOLD, { dryRun: 'false', mapping });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows: expected.rows,
      invalid: 0,
      valid: expected.debits,
      skipped: expected.rows - expected.debits,
      duplicates: expected.debits - expected.distinct,
      created: expected.distinct,
    });
    expect(res.body.mapping).toMatchObject({ time: 'time', type: 'income_expense', currency: 'currency' });
    expect(await countFor(me.id)).toBe(expected.distinct);
    // "2018-09-20,12:04:08" is local time in the tenant's zone (Asia/Kolkata, UTC+5:30)
    const [train] = await t.owner.query(
      `SELECT occurred_on::text AS on, occurred_at, amount::text AS amount, currency, description FROM expenses WHERE user_id = $1 AND description = '2 Place 5 to Place 0'`,
      [me.id],
    );
    expect(train).toMatchObject({ on: '2018-09-20', amount: '30.00', currency: 'INR' });
    expect(new Date(train.occurred_at).toISOString()).toBe('2018-09-20T06:34:08.000Z');

    const again = await upload(me.token, HOUSEHOLD, { dryRun: 'false', mapping });
    expect(again.body).toMatchObject({ created: 0, duplicates: expected.debits });
    expect(await countFor(me.id)).toBe(expected.distinct);
  });

  it('Money Manager export: expenses only, per-row currency kept', async () => {
    const expected = expectedFrom(MONEY_MANAGER, 'income_expense', 'Expense', (r) => r['note'] || r['subcategory'] || r['category']);
    const usd = expected.records.filter((r) => r['income_expense'] === 'Expense' && r['currency'] === 'USD').length;
    const me = await newCustomer('moneymanager@demo.test');
    const res = await upload(me.token, MONEY_MANAGER, { dryRun: 'false' });
    expect(res.body).toMatchObject({ rows: expected.rows, invalid: 0, valid: expected.debits, created: expected.distinct });
    const [{ dollars }] = await t.owner.query(`SELECT count(*)::int AS dollars FROM expenses WHERE user_id = $1 AND currency = 'USD'`, [me.id]);
    expect(dollars).toBe(usd);
    expect((await upload(me.token, MONEY_MANAGER, { dryRun: 'false' })).body.created).toBe(0);
  });

  describe('bad files', () => {
    const bad = [
      'Date;Description;Amount;Currency',
      '01.02.2024;Bakery;-3,20;EUR',
      '30.02.2024;Impossible date;-1,00;EUR',
      '02.02.2024;Salary;2.500,00;EUR',
      '03.02.2024;;-4,00;EUR',
      '04.02.2024;Not money;-abc;EUR',
      '05.02.2024;Odd currency;-2,00;EURO',
      '06.02.2024;Bakery;-3,20;EUR',
      '01.02.2024;Bakery;-3,20;EUR',
    ].join('\r\n');

    it('reports row errors with line numbers and commits nothing unless skipInvalid', async () => {
      const me = await newCustomer('bad@demo.test');
      const dry = await upload(me.token, Buffer.from(bad));
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ rows: 8, valid: 3, invalid: 4, skipped: 1, duplicates: 1 });
      expect(dry.body.mapping).toMatchObject({ delimiter: ';', decimal: ',', dateFormat: 'DD.MM.YYYY', amountSign: 'debitNegative' });
      expect(dry.body.errors).toEqual([
        { line: 3, message: 'date "30.02.2024" is not a valid DD.MM.YYYY date' },
        { line: 5, message: 'description is empty' },
        { line: 6, message: 'amount "-abc" is not a number' },
        { line: 7, message: 'currency "EURO" is not an ISO 4217 code' },
      ]);

      const refused = await upload(me.token, Buffer.from(bad), { dryRun: 'false' });
      expect(refused.status).toBe(422);
      expect(refused.body.message).toContain('4 rows are invalid, so nothing was imported');
      expect(refused.body.errors).toHaveLength(4);
      expect(refused.body.committed).toBe(false);
      expect(await countFor(me.id)).toBe(0);

      const partial = await upload(me.token, Buffer.from(bad), { dryRun: 'false', skipInvalid: 'true' });
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ committed: true, created: 2, invalid: 4, duplicates: 1 });
      const rows = await t.owner.query(`SELECT occurred_on::text AS on, amount::text AS amount, currency FROM expenses WHERE user_id = $1 ORDER BY occurred_on`, [me.id]);
      expect(rows).toEqual([
        { on: '2024-02-01', amount: '3.20', currency: 'EUR' },
        { on: '2024-02-06', amount: '3.20', currency: 'EUR' },
      ]);
    });

    it('explicit mappings override detection; unknown columns and bad options are refused', async () => {
      const me = await newCustomer('mapping@demo.test');
      const csv = 'When,What,Out,In\n2024-03-01,Groceries run,45.10,\n2024-03-02,Pay,,1000\n';
      const mapped = await upload(me.token, Buffer.from(csv), { mapping: JSON.stringify({ date: 'When', description: 'What', debit: 'Out', credit: 'In' }) });
      expect(mapped.body).toMatchObject({ valid: 1, skipped: 1, invalid: 0 });
      expect(mapped.body.preview[0]).toMatchObject({ amount: '45.10', description: 'Groceries run' });

      const unknown = await upload(me.token, Buffer.from(csv), { mapping: JSON.stringify({ date: 'Day' }) });
      expect(unknown.status).toBe(422);
      expect(unknown.body.message).toContain('the file has no column "Day"');
      const unrecognised = await upload(me.token, Buffer.from('a,b\n1,2\n'));
      expect(unrecognised.status).toBe(422);
      expect((await upload(me.token, Buffer.from(csv), { mapping: '{not json' })).status).toBe(400);
      expect((await upload(me.token, Buffer.from(csv), { mapping: JSON.stringify({ dateFormat: 'whenever' }) })).status).toBe(400);
      expect((await upload(me.token, Buffer.from(csv), { dryRun: 'maybe' })).status).toBe(400);
      expect((await upload(me.token, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), {}, 'book.xlsx')).status).toBe(400);
      expect((await upload(me.token, Buffer.from(''))).status).toBe(422);
      const broken = await upload(me.token, Buffer.from('date,description,amount\n2024-01-01,"unterminated,1\n'));
      expect(broken.status).toBe(400);
      expect(broken.body.message).toContain('not valid CSV');
      const noFile = await t.http().post('/api/imports/csv').set(as(me.token)).field('dryRun', 'true');
      expect(noFile.status).toBe(400);
      expect(noFile.body.message).toBe('Send the CSV file as the multipart field "file"');
      const wrongField = await t.http().post('/api/imports/csv').set(as(me.token)).attach('upload', Buffer.from(csv), 'x.csv');
      expect(wrongField.status).toBe(400);
      expect(await countFor(me.id)).toBe(0);
    });

    it('refuses files over 10 MB with 413', async () => {
      const me = await newCustomer('big@demo.test');
      const line = '2024-01-01,Something long enough to fill the file quickly,12.34\n';
      const big = Buffer.from('date,description,amount\n' + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length) + 10));
      expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
      const res = await upload(me.token, big, { dryRun: 'false' });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: 'The file is larger than the 10 MB limit' });
      expect(await countFor(me.id)).toBe(0);
    });
  });

  it('is a customer route: operators get 403', async () => {
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      expect((await upload(demo.users[role].token, Buffer.from('date,description,amount\n2024-01-01,x,1\n'))).status).toBe(403);
    }
  });
});
