import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createUser, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

const datasets = path.resolve(process.cwd(), '../shared/datasets');
const KAGGLE = path.join(datasets, 'personal_finance_kaggle/personal_transactions.csv');
const HOUSEHOLD = path.join(datasets, 'daily_household_transactions/daily_household_transactions.csv');
const MONEY_MANAGER = path.join(datasets, 'money_manager_expenses/expenses.csv');

/**
 * What each file must give, counted from the raw files outside this code base (Python's csv module over
 * ../shared/datasets), so that a wrong importer rule cannot agree with itself. Spending is the rows whose type
 * column says so; a duplicate repeats an earlier row's date, amount and description (case and spaces ignored).
 * - personal_transactions.csv: 806 rows = 688 `debit` + 118 `credit`. No two debits share date, amount and
 *   description: 688 expenses. No two credits do either, so with credits as refunds all 806 rows are stored.
 * - daily_household_transactions.csv (description: note, else subcategory, else category): 2,461 rows =
 *   2,176 `Expense` + 160 `Transfer-Out` + 125 `Income`. Six expenses repeat an earlier one, so 2,170 are stored.
 *   Three copy an earlier row in every column (lines 1364, 1818 and 1856); three differ from the
 *   earlier row only in the time of day or the payment mode (lines 874, 1343 and 1654: the rule ignores both).
 * - Money Manager expenses.csv (description: note, else subcategory, else category): 277 rows = 231 `Expense`
 *   + 46 `Income`, all 231 distinct; one of them is in USD, the rest in INR.
 */
const KAGGLE_ROWS = { rows: 806, debits: 688, credits: 118, stored: 688 };
const HOUSEHOLD_ROWS = { rows: 2461, expenses: 2176, skipped: 160 + 125, duplicates: 6, stored: 2170 };
const MONEY_MANAGER_ROWS = { rows: 277, expenses: 231, skipped: 46, stored: 231, usd: 1 };

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
    const expected = KAGGLE_ROWS;
    const me = await newCustomer('kaggle@demo.test');

    const dry = await upload(me.token, KAGGLE);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      rows: 806,
      valid: 688,
      invalid: 0,
      skipped: 118,
      duplicates: 0,
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
    expect(commit.body).toMatchObject({ committed: true, created: expected.stored, valid: expected.debits, duplicates: 0 });
    expect(await countFor(me.id)).toBe(expected.stored);

    const again = await upload(me.token, KAGGLE, { dryRun: 'false' });
    expect(again.body).toMatchObject({ committed: true, created: 0, duplicates: expected.debits });
    expect(await countFor(me.id)).toBe(expected.stored);

    const categories = (await t.http().get('/api/categories').set(as(me.token))).body.items.map((c: { name: string }) => c.name);
    expect(categories.filter((n: string) => n.toLowerCase() === 'restaurants')).toEqual(['Restaurants']);
    expect(categories.filter((n: string) => n.toLowerCase() === 'shopping')).toEqual(['Shopping']);
    // every imported row records its creator (its history's `created` entry until it first changes)
    const [{ mine }] = await t.owner.query(`SELECT count(*)::int AS mine FROM expenses WHERE user_id = $1 AND created_by = $1`, [me.id]);
    expect(mine).toBe(expected.stored);
  });

  it('Kaggle personal finance with credits mapped as refunds imports them as negative amounts', async () => {
    const me = await newCustomer('refunds@demo.test');
    const res = await upload(me.token, KAGGLE, { dryRun: 'false', mapping: JSON.stringify({ refunds: true }) });
    expect(res.body).toMatchObject({ skipped: 0, valid: 806, duplicates: 0, created: 806 });
    const [{ negative }] = await t.owner.query(`SELECT count(*)::int AS negative FROM expenses WHERE user_id = $1 AND amount < 0`, [me.id]);
    expect(negative).toBe(KAGGLE_ROWS.credits);
  });

  it('daily household transactions (INR, times, notes with fallbacks): expenses only, transfers and income skipped', async () => {
    const expected = HOUSEHOLD_ROWS;
    const me = await newCustomer('household@demo.test');
    const mapping = JSON.stringify({ description: ['note', 'subcategory', 'category'] });
    const res = await upload(me.token, HOUSEHOLD, { dryRun: 'false', mapping });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows: 2461,
      invalid: 0,
      valid: 2176,
      skipped: 285,
      duplicates: 6,
      created: 2170,
    });
    expect(res.body.mapping).toMatchObject({ time: 'time', type: 'income_expense', currency: 'currency' });
    expect(await countFor(me.id)).toBe(expected.stored);
    // "2018-09-20,12:04:08" is local time in the tenant's zone (Asia/Kolkata, UTC+5:30)
    const [train] = await t.owner.query(
      `SELECT occurred_on::text AS on, occurred_at, amount::text AS amount, currency, description FROM expenses WHERE user_id = $1 AND description = '2 Place 5 to Place 0'`,
      [me.id],
    );
    expect(train).toMatchObject({ on: '2018-09-20', amount: '30.00', currency: 'INR' });
    expect(new Date(train.occurred_at).toISOString()).toBe('2018-09-20T06:34:08.000Z');

    const again = await upload(me.token, HOUSEHOLD, { dryRun: 'false', mapping });
    expect(again.body).toMatchObject({ created: 0, duplicates: expected.expenses });
    expect(await countFor(me.id)).toBe(expected.stored);
  });

  it('Money Manager export: expenses only, per-row currency kept', async () => {
    const expected = MONEY_MANAGER_ROWS;
    const me = await newCustomer('moneymanager@demo.test');
    const res = await upload(me.token, MONEY_MANAGER, { dryRun: 'false' });
    expect(res.body).toMatchObject({ rows: 277, invalid: 0, valid: 231, skipped: 46, duplicates: 0, created: 231 });
    expect(await countFor(me.id)).toBe(expected.stored);
    const [{ dollars }] = await t.owner.query(`SELECT count(*)::int AS dollars FROM expenses WHERE user_id = $1 AND currency = 'USD'`, [me.id]);
    expect(dollars).toBe(expected.usd);
    const again = await upload(me.token, MONEY_MANAGER, { dryRun: 'false' });
    expect(again.body).toMatchObject({ committed: true, valid: expected.expenses, duplicates: expected.expenses, created: 0 });
    expect(await countFor(me.id)).toBe(expected.stored);
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

    it('zero amounts and extra decimals are row errors; categories match in any case; an expense entered by hand is a duplicate', async () => {
      const me = await newCustomer('mixed@demo.test');
      const byHand = await t
        .http()
        .post('/api/expenses')
        .set(as(me.token))
        .send({ occurredAt: '2024-05-04', amount: '25.00', description: 'Corner shop', category: 'Dining' });
      expect(byHand.status).toBe(201);
      const defaults = Object.fromEntries(
        (await t.http().get('/api/categories').set(as(me.token))).body.items.map((c: { name: string; id: string }) => [c.name, c.id]),
      );
      const csv = [
        'date,description,amount,category',
        '2024-05-01,Weekly vegetables,25.40,GROCERIES',
        '2024-05-02,Free sample,0.00,Groceries',
        '2024-05-03,Fuel,12.345,Transport',
        '2024-05-04,corner  SHOP,25,groceries',
        '2024-05-05,Cinema,9.5,entertainment',
      ].join('\n');
      const dry = await upload(me.token, Buffer.from(csv));
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ rows: 5, valid: 3, invalid: 2, skipped: 0, duplicates: 1, created: 0, newCategories: [] });
      expect(dry.body.errors).toEqual([
        { line: 3, message: 'amount must not be zero' },
        { line: 4, message: 'amount "12.345" has more than 2 decimals' },
      ]);
      expect(dry.body.preview.map((p: { line: number; duplicate: boolean }) => [p.line, p.duplicate])).toEqual([
        [2, false],
        [5, true],
        [6, false],
      ]);

      const refused = await upload(me.token, Buffer.from(csv), { dryRun: 'false' });
      expect(refused.status).toBe(422);
      expect(await countFor(me.id)).toBe(1);

      const partial = await upload(me.token, Buffer.from(csv), { dryRun: 'false', skipInvalid: 'true' });
      expect(partial.body).toMatchObject({ committed: true, created: 2, invalid: 2, duplicates: 1 });
      const stored = await t.owner.query(
        `SELECT occurred_on::text AS on, amount::text AS amount, description, category_id, source FROM expenses WHERE user_id = $1 ORDER BY occurred_on`,
        [me.id],
      );
      expect(stored).toEqual([
        { on: '2024-05-01', amount: '25.40', description: 'Weekly vegetables', category_id: defaults['Groceries'], source: 'import' },
        { on: '2024-05-04', amount: '25.00', description: 'Corner shop', category_id: defaults['Dining'], source: 'manual' },
        { on: '2024-05-05', amount: '9.50', description: 'Cinema', category_id: defaults['Entertainment'], source: 'import' },
      ]);
      // no own category was created for "GROCERIES" or "entertainment"
      const [{ own }] = await t.owner.query(`SELECT count(*)::int AS own FROM categories WHERE user_id = $1`, [me.id]);
      expect(own).toBe(0);
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
