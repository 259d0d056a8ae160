import { createUser, expectClearError, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';

describe('expenses', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let other: { id: string; token: string }; // a second customer of demo
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const create = (token: string, body: Record<string, unknown>) => t.http().post('/api/expenses').set(as(token)).send(body);
  const expectError = expectClearError;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    await t.owner.query(`UPDATE tenants SET timezone = 'America/New_York', currency = 'USD' WHERE id = $1`, [demo.tenantId]);
    const id = await createUser(t.owner, demo.tenantId, { email: 'other@demo.test', role: 'customer' });
    other = { id, token: (await login(t, 'demo', 'other@demo.test')).accessToken };
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('creates an expense with a date, in the base currency, and reads it back', async () => {
      const res = await create(demo.users.customer.token, {
        occurredAt: '2024-03-01',
        amount: '12.3',
        description: '  Weekly   groceries ',
        merchant: 'Whole Foods',
        category: 'groceries',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        occurredAt: '2024-03-01',
        occurredOn: '2024-03-01',
        amount: '12.30',
        currency: 'USD',
        description: 'Weekly groceries',
        merchant: 'Whole Foods',
        category: 'Groceries',
        notes: null,
        refund: false,
        source: 'manual',
        version: 1,
      });
      const got = await t.http().get(`/api/expenses/${res.body.id}`).set(as(demo.users.customer.token));
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it("stores a timestamp as an instant and files it under the tenant's local date", async () => {
      const res = await create(demo.users.customer.token, { occurredAt: '2024-03-02T03:30:00Z', amount: 20, description: 'Late taxi', currency: 'EUR' });
      expect(res.status).toBe(201);
      // 03:30 UTC is still March 1st in New York
      expect(res.body).toMatchObject({ occurredAt: '2024-03-02T03:30:00.000Z', occurredOn: '2024-03-01', amount: '20.00', currency: 'EUR' });
    });

    it('records refunds as negative amounts', async () => {
      const res = await create(demo.users.customer.token, { occurredAt: '2024-03-03', amount: '5.00', refund: true, description: 'Returned mug' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ amount: '-5.00', refund: true });
    });

    it.each([
      [{ amount: 0 }, 'amount must not be zero'],
      [{ amount: '0.00' }, 'amount must not be zero'],
      [{ amount: '-3.00' }, 'amount must be a positive decimal (record refunds with refund: true)'],
      [{ amount: '1.234' }, 'amount must have at most 2 decimals'],
      [{ amount: 'twelve' }, 'amount must be a decimal number such as 12.30'],
      [{ amount: '1e3' }, 'amount must be a decimal number such as 12.30'],
      [{ amount: 0.1 + 0.2 }, 'amount must have at most 2 decimals'],
      [{ occurredAt: '2023-02-29' }, 'occurredAt is not a real calendar date'],
      [{ occurredAt: '03/01/2024' }, 'occurredAt must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with offset'],
      [{ occurredAt: '2024-03-01T10:00:00' }, 'occurredAt must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with offset'],
      [{ currency: 'XYZ' }, 'currency must be an ISO 4217 currency code such as USD or EUR'],
      [{ currency: 'usd' }, 'currency must be an ISO 4217 currency code such as USD or EUR'],
      [{ description: '   ' }, 'description must not be empty'],
      [{ categoryId: 'not-a-uuid' }, 'categoryId must be a UUID'],
      [{ surprise: true }, 'property surprise should not exist'],
    ])('refuses %j with 400', async (patch, message) => {
      const res = await create(demo.users.customer.token, { occurredAt: '2024-03-01', amount: '10.00', description: 'Thing', ...patch });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(message);
    });

    it('refuses an unknown or foreign category with 422', async () => {
      const unknown = await create(demo.users.customer.token, {
        occurredAt: '2024-03-01',
        amount: '1.00',
        description: 'x',
        categoryId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.message).toBe('categoryId does not refer to one of your categories');
      const acmeCategory = await t.http().post('/api/categories').set(as(acme.users.customer.token)).send({ name: 'Acme only' });
      const foreign = await create(demo.users.customer.token, { occurredAt: '2024-03-01', amount: '1.00', description: 'x', categoryId: acmeCategory.body.id });
      expect(foreign.status).toBe(422);
      const othersOwn = await t.http().post('/api/categories').set(as(other.token)).send({ name: 'Private' });
      const notMine = await create(demo.users.customer.token, { occurredAt: '2024-03-01', amount: '1.00', description: 'x', categoryId: othersOwn.body.id });
      expect(notMine.status).toBe(422);
    });
  });

  describe('update, delete and history', () => {
    it('updates with the current version, refuses a stale one with 409, and keeps every revision', async () => {
      const created = (await create(demo.users.customer.token, { occurredAt: '2024-04-01', amount: '40.00', description: 'Dinner' })).body;
      const first = await t
        .http()
        .patch(`/api/expenses/${created.id}`)
        .set(as(demo.users.customer.token))
        .send({ version: 1, amount: '45.50', merchant: 'Chez Nous', category: 'Dining' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ amount: '45.50', merchant: 'Chez Nous', category: 'Dining', version: 2, description: 'Dinner' });

      const stale = await t.http().patch(`/api/expenses/${created.id}`).set(as(demo.users.customer.token)).send({ version: 1, amount: '1.00' });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(2);

      const noop = await t.http().patch(`/api/expenses/${created.id}`).set(as(demo.users.customer.token)).send({ version: 2, amount: 45.5 });
      expect(noop.status).toBe(200);
      expect(noop.body.version).toBe(2);

      const cleared = await t.http().patch(`/api/expenses/${created.id}`).set(as(demo.users.customer.token)).send({ version: 2, merchant: null, notes: 'with Sam' });
      expect(cleared.body).toMatchObject({ merchant: null, notes: 'with Sam', version: 3 });

      const bad = await t.http().patch(`/api/expenses/${created.id}`).set(as(demo.users.customer.token)).send({ version: 3, amount: '-1' });
      expect(bad.status).toBe(400);
      const badDescription = await t.http().patch(`/api/expenses/${created.id}`).set(as(demo.users.customer.token)).send({ version: 3, description: null });
      expect(badDescription.status).toBe(400);
      const noVersion = await t.http().patch(`/api/expenses/${created.id}`).set(as(demo.users.customer.token)).send({ amount: '2.00' });
      expect(noVersion.status).toBe(400);

      expect((await t.http().delete(`/api/expenses/${created.id}`).set(as(demo.users.customer.token))).status).toBe(204);
      expect((await t.http().get(`/api/expenses/${created.id}`).set(as(demo.users.customer.token))).status).toBe(404);
      expect((await t.http().delete(`/api/expenses/${created.id}`).set(as(demo.users.customer.token))).status).toBe(404);

      const history = await t.http().get(`/api/expenses/${created.id}/history`).set(as(demo.users.customer.token));
      expect(history.status).toBe(200);
      expect(history.body.items.map((r: { action: string }) => r.action)).toEqual(['created', 'updated', 'updated', 'deleted']);
      const [made, changed, , deleted] = history.body.items;
      expect(made).toMatchObject({ actorId: demo.users.customer.id, before: null, after: { amount: '40.00', description: 'Dinner' } });
      expect(changed.before).toMatchObject({ amount: '40.00', merchant: null });
      expect(changed.after).toMatchObject({ amount: '45.50', merchant: 'Chez Nous' });
      expect(deleted).toMatchObject({ before: { amount: '45.50', notes: 'with Sam' }, after: null });
    });

    it('an unchanged expense shows its creation; the creation stays exact after edits, merges and deletion', async () => {
      const token = demo.users.customer.token;
      const e = (await create(token, { occurredAt: '2024-04-03', amount: '12.00', description: 'Bakery', merchant: 'Crumbs' })).body;
      const fresh = (await t.http().get(`/api/expenses/${e.id}/history`).set(as(token))).body.items;
      expect(fresh).toEqual([
        {
          at: e.createdAt,
          actorId: demo.users.customer.id,
          action: 'created',
          before: null,
          after: expect.objectContaining({ amount: '12.00', description: 'Bakery', merchant: 'Crumbs', occurredOn: '2024-04-03' }),
        },
      ]);
      // a second look is the same (nothing was written by reading)
      expect((await t.http().get(`/api/expenses/${e.id}/history`).set(as(token))).body.items).toEqual(fresh);
      await t.http().patch(`/api/expenses/${e.id}`).set(as(token)).send({ version: 1, amount: '13.00' }).expect(200);
      await t.http().patch(`/api/expenses/${e.id}`).set(as(token)).send({ version: 2, amount: '14.00' }).expect(200);
      const edited = (await t.http().get(`/api/expenses/${e.id}/history`).set(as(token))).body.items;
      expect(edited.map((r: { action: string }) => r.action)).toEqual(['created', 'updated', 'updated']);
      expect(edited[0]).toEqual(fresh[0]);
      expect(edited[1]).toMatchObject({ before: { amount: '12.00' }, after: { amount: '13.00' } });
      const untouched = (await create(token, { occurredAt: '2024-04-04', amount: '5.00', description: 'Stamps' })).body;
      await t.http().delete(`/api/expenses/${untouched.id}`).set(as(token)).expect(204);
      const gone = (await t.http().get(`/api/expenses/${untouched.id}/history`).set(as(token))).body.items;
      expect(gone.map((r: { action: string }) => r.action)).toEqual(['created', 'deleted']);
      expect(gone[0]).toMatchObject({ at: untouched.createdAt, actorId: demo.users.customer.id, after: { amount: '5.00', description: 'Stamps' } });
    });

    it('refuses bad changes with a clear 400 or 422 and changes nothing', async () => {
      const token = demo.users.customer.token;
      const e = (await create(token, { occurredAt: '2024-04-05', amount: '8.00', description: 'Florist', category: 'Gifts' })).body;
      const patch = (body: Record<string, unknown>) => t.http().patch(`/api/expenses/${e.id}`).set(as(token)).send({ version: 1, ...body });
      expectError(await patch({ categoryId: '00000000-0000-4000-8000-000000000000' }), 422, /^categoryId does not refer to one of your categories$/);
      const othersOwn = (await t.http().post('/api/categories').set(as(other.token)).send({ name: 'Not yours' })).body.id;
      expectError(await patch({ categoryId: othersOwn }), 422, /^categoryId does not refer to one of your categories$/);
      expectError(await patch({ categoryId: 'nope' }), 400, /categoryId must be a UUID/);
      expectError(await patch({ currency: 'XYZ' }), 400, /currency must be an ISO 4217 currency code/);
      expectError(await patch({ currency: 'eur' }), 400, /currency must be an ISO 4217 currency code/);
      expectError(await patch({ occurredAt: '2024-02-30' }), 400, /occurredAt is not a real calendar date/);
      expectError(await patch({ occurredAt: 'yesterday' }), 400, /occurredAt must be a date/);
      expectError(await patch({ amount: 0 }), 400, /amount must not be zero/);
      expectError(await patch({ amount: '0.00' }), 400, /amount must not be zero/);
      expectError(await patch({ amount: '1.234' }), 400, /amount must have at most 2 decimals/);
      expectError(await patch({ amount: 'abc' }), 400, /amount must be a decimal number such as 12.30/);
      expectError(await patch({ amount: true }), 400, /amount must be a decimal number/);
      const still = await t.http().get(`/api/expenses/${e.id}`).set(as(token));
      expect(still.body).toMatchObject({ version: 1, amount: '8.00', currency: 'USD', occurredOn: '2024-04-05', category: 'Gifts' });
      const history = (await t.http().get(`/api/expenses/${e.id}/history`).set(as(token))).body.items;
      expect(history.map((r: { action: string }) => r.action)).toEqual(['created']);
    });

    it('switching an expense to a refund flips the stored sign', async () => {
      const e = (await create(demo.users.customer.token, { occurredAt: '2024-04-02', amount: '9.99', description: 'Cable' })).body;
      const res = await t.http().patch(`/api/expenses/${e.id}`).set(as(demo.users.customer.token)).send({ version: 1, refund: true });
      expect(res.body).toMatchObject({ amount: '-9.99', refund: true, version: 2 });
    });
  });

  describe('isolation', () => {
    let mine: { id: string };
    beforeAll(async () => {
      mine = (await create(demo.users.customer.token, { occurredAt: '2024-05-01', amount: '7.00', description: 'Private lunch' })).body;
    });

    it("another customer of the tenant cannot read, change, delete or see the history of someone's expense (404)", async () => {
      for (const token of [other.token, acme.users.customer.token]) {
        expect((await t.http().get(`/api/expenses/${mine.id}`).set(as(token))).status).toBe(404);
        expect((await t.http().patch(`/api/expenses/${mine.id}`).set(as(token)).send({ version: 1, amount: '1.00' })).status).toBe(404);
        expect((await t.http().delete(`/api/expenses/${mine.id}`).set(as(token))).status).toBe(404);
        expect((await t.http().get(`/api/expenses/${mine.id}/history`).set(as(token))).status).toBe(404);
        const list = await t.http().get('/api/expenses').set(as(token)).query({ q: 'private' });
        expect(list.body.total).toBe(0);
      }
      const still = await t.http().get(`/api/expenses/${mine.id}`).set(as(demo.users.customer.token));
      expect(still.body).toMatchObject({ version: 1, amount: '7.00' });
    });

    it('a malformed id is simply not found', async () => {
      expect((await t.http().get('/api/expenses/not-an-id').set(as(demo.users.customer.token))).status).toBe(404);
    });

    it('operators get 403 on the customer expense routes', async () => {
      for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
        const token = demo.users[role].token;
        expect((await create(token, { occurredAt: '2024-03-01', amount: '1.00', description: 'x' })).status).toBe(403);
        expect((await t.http().get('/api/expenses').set(as(token))).status).toBe(403);
        expect((await t.http().get(`/api/expenses/${mine.id}`).set(as(token))).status).toBe(403);
        expect((await t.http().patch(`/api/expenses/${mine.id}`).set(as(token)).send({ version: 1 })).status).toBe(403);
        expect((await t.http().delete(`/api/expenses/${mine.id}`).set(as(token))).status).toBe(403);
        expect((await t.http().post('/api/expenses/batch').set(as(token)).send({ items: [] })).status).toBe(403);
        expect((await t.http().get('/api/expenses/export.csv').set(as(token))).status).toBe(403);
      }
      expect((await t.http().get('/api/expenses')).status).toBe(401);
    });
  });

  describe('list', () => {
    let token: string;
    beforeAll(async () => {
      const id = await createUser(t.owner, demo.tenantId, { email: 'lister@demo.test', role: 'customer' });
      token = (await login(t, 'demo', 'lister@demo.test')).accessToken;
      const items = [];
      for (let i = 0; i < 30; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        items.push({
          externalId: `l-${i}`,
          occurredAt: `2024-01-${day}`,
          amount: (10 + i).toFixed(2),
          description: i % 3 === 0 ? `Coffee beans ${i}` : `Hardware store ${i}`,
          merchant: i % 3 === 0 ? 'Blue Bottle' : 'Ace Hardware',
          category: i % 3 === 0 ? 'Groceries' : 'Shopping',
        });
      }
      const res = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(res.body).toMatchObject({ created: 30, duplicates: 0, failed: [] });
      expect(id).toBeTruthy();
    });

    it('pages through everything with a cursor, newest first, with the total', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await t.http().get('/api/expenses').set(as(token)).query({ limit: 7, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(30);
        seen.push(...res.body.items.map((e: { id: string }) => e.id));
        const dates = res.body.items.map((e: { occurredOn: string }) => e.occurredOn);
        expect([...dates].sort().reverse()).toEqual(dates);
        cursor = res.body.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(30);
    });

    it('filters by date range, category, amount range and full text, and sorts by amount', async () => {
      const cats = (await t.http().get('/api/categories').set(as(token))).body.items;
      const groceries = cats.find((c: { name: string }) => c.name === 'Groceries').id;
      const res = await t
        .http()
        .get('/api/expenses')
        .set(as(token))
        .query({ from: '2024-01-05', to: '2024-01-20', categoryId: groceries, minAmount: '10', maxAmount: 40, sort: 'amount' });
      expect(res.status).toBe(200);
      const amounts = res.body.items.map((e: { amount: string }) => e.amount);
      expect(amounts.length).toBe(res.body.total);
      expect(amounts.length).toBeGreaterThan(0);
      for (const e of res.body.items) {
        expect(e.category).toBe('Groceries');
        expect(e.occurredOn >= '2024-01-05' && e.occurredOn <= '2024-01-20').toBe(true);
      }
      expect(amounts).toEqual([...amounts].sort((a: string, b: string) => Number(a) - Number(b)));

      const text = await t.http().get('/api/expenses').set(as(token)).query({ q: 'blue bott' });
      expect(text.body.total).toBe(10);
      const prefix = await t.http().get('/api/expenses').set(as(token)).query({ q: 'hardw' });
      expect(prefix.body.total).toBe(20);
      const none = await t.http().get('/api/expenses').set(as(token)).query({ q: 'zebra' });
      expect(none.body).toEqual({ items: [], nextCursor: null, total: 0 });
      // a search pages with its cursor like any list; every page reports the whole total
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http().get('/api/expenses').set(as(token)).query({ q: 'hardw', sort: '-amount', limit: 7, ...(cursor ? { cursor } : {}) });
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(20);
        seen.push(...page.body.items.map((e: { id: string }) => e.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size).toBe(20);
      const narrowed = await t.http().get('/api/expenses').set(as(token)).query({ q: 'hardw', minAmount: '1000000' });
      expect(narrowed.body).toEqual({ items: [], nextCursor: null, total: 0 });

      const byAmount = await t.http().get('/api/expenses').set(as(token)).query({ sort: '-amount', limit: 3 });
      expect(byAmount.body.items.map((e: { amount: string }) => e.amount)).toEqual(['39.00', '38.00', '37.00']);
      const next = await t.http().get('/api/expenses').set(as(token)).query({ sort: '-amount', limit: 3, cursor: byAmount.body.nextCursor });
      expect(next.body.items.map((e: { amount: string }) => e.amount)).toEqual(['36.00', '35.00', '34.00']);
    });

    it('refuses bad filters with 400', async () => {
      for (const query of [
        { from: '2024-13-01' },
        { minAmount: 'cheap' },
        { sort: 'description' },
        { limit: 501 },
        { limit: 0 },
        { cursor: 'garbage' },
        { categoryId: 'x' },
        { from: '2024-02-01', to: '2024-01-01' },
        { tenant: 'acme' },
      ]) {
        const res = await t.http().get('/api/expenses').set(as(token)).query(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
    });

    it('exports the filtered list as streamed CSV', async () => {
      const res = await t.http().get('/api/expenses/export.csv').set(as(token)).query({ q: 'coffee', sort: 'occurredAt' }).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('expenses.csv');
      const lines = res.text.trim().split('\r\n');
      expect(lines[0]).toBe('id,occurredOn,occurredAt,amount,currency,description,merchant,category,notes,source');
      expect(lines).toHaveLength(11);
      expect(lines[1]).toMatch(/,2024-01-01,2024-01-01,10\.00,USD,Coffee beans 0,Blue Bottle,Groceries,,api$/);
      const empty = await t.http().get('/api/expenses/export.csv').set(as(token)).query({ q: 'zebra' }).buffer(true);
      expect(empty.text).toBe('id,occurredOn,occurredAt,amount,currency,description,merchant,category,notes,source\r\n');
      const bad = await t.http().get('/api/expenses/export.csv').set(as(token)).query({ minAmount: 'x' });
      expect(bad.status).toBe(400);
    });
  });

  describe('export across pages', () => {
    const ROWS = 4100; // the export reads 2,000 rows a page: three pages, the last one partial
    let token: string;
    beforeAll(async () => {
      await createUser(t.owner, demo.tenantId, { email: 'exporter@demo.test', role: 'customer' });
      token = (await login(t, 'demo', 'exporter@demo.test')).accessToken;
      // 41 days with 100 expenses each, so page boundaries fall inside a day (ties broken by id), and amounts
      // repeating every 7 rows, so the amount sort has ties across the boundaries too
      const items = Array.from({ length: ROWS }, (_, i) => ({
        externalId: `exp-${String(i).padStart(4, '0')}`,
        occurredAt: new Date(Date.UTC(2023, 0, 1 + Math.floor(i / 100))).toISOString().slice(0, 10),
        amount: `${1 + (i % 7)}.25`,
        description: `Item exp-${String(i).padStart(4, '0')}`,
      }));
      const res = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(res.body).toMatchObject({ created: ROWS, duplicates: 0, failed: [] });
    });

    const exportRows = async (query: Record<string, string>) => {
      const res = await t.http().get('/api/expenses/export.csv').set(as(token)).query(query).buffer(true);
      expect(res.status).toBe(200);
      const lines = res.text.split('\r\n');
      expect(lines.pop()).toBe(''); // the file ends with a line break
      expect(lines[0]).toBe('id,occurredOn,occurredAt,amount,currency,description,merchant,category,notes,source');
      return lines.slice(1).map((line) => {
        const [id, occurredOn, , amount, currency, description, merchant, category, notes, source] = line.split(',');
        return { id, occurredOn, amount, currency, description, merchant, category, notes, source };
      });
    };
    const checkComplete = (rows: Array<{ id: string; description: string }>) => {
      expect(rows).toHaveLength(ROWS);
      expect(new Set(rows.map((r) => r.id)).size).toBe(ROWS);
      // each externalId once (it is written into the description; the export has no externalId column)
      const externalIds = rows.map((r) => r.description.replace(/^Item /, ''));
      expect(new Set(externalIds).size).toBe(ROWS);
      expect([...externalIds].sort()).toEqual(Array.from({ length: ROWS }, (_, i) => `exp-${String(i).padStart(4, '0')}`));
    };

    it('exports more than 2,000 rows: every row once, newest first, ties in id order across pages', async () => {
      const rows = await exportRows({});
      checkComplete(rows);
      expect(rows[0]).toMatchObject({ occurredOn: '2023-02-10', currency: 'USD', merchant: '', category: '', notes: '', source: 'api' });
      expect(rows[ROWS - 1].occurredOn).toBe('2023-01-01');
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1], rows[i]];
        // (occurredOn, id) strictly descending, the keyset order
        expect(a.occurredOn > b.occurredOn || (a.occurredOn === b.occurredOn && a.id > b.id)).toBe(true);
      }
      // the same as the list API's pages
      const listed: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http().get('/api/expenses').set(as(token)).query({ limit: 500, ...(cursor ? { cursor } : {}) });
        expect(page.body.total).toBe(ROWS);
        listed.push(...page.body.items.map((e: { id: string }) => e.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(rows.map((r) => r.id)).toEqual(listed);
    });

    it('exports more than 2,000 rows sorted by amount, ascending with ties in id order', async () => {
      const rows = await exportRows({ sort: 'amount' });
      checkComplete(rows);
      const cents = (amount: string) => Math.round(Number(amount) * 100);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1], rows[i]];
        expect(cents(a.amount) < cents(b.amount) || (a.amount === b.amount && a.id < b.id)).toBe(true);
      }
      expect(rows[0].amount).toBe('1.25');
      expect(rows[ROWS - 1].amount).toBe('7.25');
      // a filter that still spans pages: the 3,100 rows from January 11th on, nothing else
      const filtered = await exportRows({ from: '2023-01-11' });
      expect(filtered).toHaveLength(ROWS - 1000);
      expect(new Set(filtered.map((r) => r.id)).size).toBe(ROWS - 1000);
      expect(filtered.every((r) => r.occurredOn >= '2023-01-11')).toBe(true);
    });
  });

  describe('batch', () => {
    it('creates valid items, reports bad ones by index, and is idempotent by externalId', async () => {
      const id = await createUser(t.owner, demo.tenantId, { email: 'batcher@demo.test', role: 'customer' });
      const token = (await login(t, 'demo', 'batcher@demo.test')).accessToken;
      const items = [
        { externalId: 'b-1', occurredAt: '2024-02-01', amount: '3.50', description: 'Coffee', category: 'Dining' },
        { externalId: 'b-2', occurredAt: '2024-02-01T12:00:00+01:00', amount: 12, description: 'Lunch', currency: 'EUR' },
        { externalId: 'b-3', occurredAt: '2024-02-30', amount: '1.00', description: 'Bad date' },
        { externalId: 'b-4', occurredAt: '2024-02-02', amount: '-4', description: 'Negative' },
        { externalId: 'b-1', occurredAt: '2024-02-01', amount: '3.50', description: 'Coffee again in the same batch' },
        { occurredAt: '2024-02-02', amount: '4', description: 'No key' },
        { externalId: 'b-5', occurredAt: '2024-02-03', amount: '4', description: 'Unknown category', categoryId: '00000000-0000-4000-8000-000000000000' },
        { externalId: 'b-6', occurredAt: '2024-02-03', amount: '6.00', description: 'New category', category: 'Pets' },
      ];
      const first = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(first.status).toBe(200);
      expect(first.body.created).toBe(3);
      expect(first.body.duplicates).toBe(1);
      expect(first.body.duplicateIndexes).toEqual([4]);
      expect(first.body.failed.map((f: { index: number }) => f.index)).toEqual([2, 3, 5, 6]);
      expect(first.body.failed[0].message).toContain('not a real calendar date');
      expect(first.body.failed[1].message).toContain('positive');
      expect(first.body.failed[2].message).toContain('externalId is required');
      expect(first.body.failed[3].message).toContain('categoryId does not refer');

      const again = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(again.body).toMatchObject({ created: 0, duplicates: 4, duplicateIndexes: [0, 1, 4, 7] });
      const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM expenses WHERE user_id = $1`, [id]);
      expect(n).toBe(3);
      const [{ r }] = await t.owner.query(`SELECT count(*)::int AS r FROM expenses WHERE user_id = $1 AND created_by = $1`, [id]);
      expect(r).toBe(3);
      const pets = (await t.http().get('/api/categories').set(as(token))).body.items.find((c: { name: string }) => c.name === 'Pets');
      expect(pets).toMatchObject({ isDefault: false });
      const lunch = (await t.http().get('/api/expenses').set(as(token)).query({ q: 'lunch' })).body.items[0];
      expect(lunch).toMatchObject({ occurredAt: '2024-02-01T11:00:00.000Z', occurredOn: '2024-02-01', currency: 'EUR', externalId: 'b-2', source: 'api' });
    });

    it('re-sending a batch creates no category the customer renamed or merged away since, and reports every item a duplicate', async () => {
      const id = await createUser(t.owner, demo.tenantId, { email: 'resender@demo.test', role: 'customer' });
      const token = (await login(t, 'demo', 'resender@demo.test')).accessToken;
      const snorkel = (await t.http().post('/api/categories').set(as(token)).send({ name: 'Snorkel gear' })).body;
      const items = [
        { externalId: 'r-1', occurredAt: '2024-06-01', amount: '19.99', description: 'Fish food', category: 'Aquarium' },
        { externalId: 'r-2', occurredAt: '2024-06-02', amount: '5.00', description: 'Water test', category: 'aquarium' },
        { externalId: 'r-3', occurredAt: '2024-06-03', amount: '45.00', description: 'Mask', category: 'Diving' },
        { externalId: 'r-4', occurredAt: '2024-06-04', amount: '12.00', description: 'Fins', categoryId: snorkel.id },
      ];
      const first = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(first.body).toMatchObject({ created: 4, duplicates: 0, failed: [] });
      const own = async () =>
        ((await t.http().get('/api/categories').set(as(token))).body.items as Array<{ id: string; name: string; isDefault: boolean }>)
          .filter((c) => !c.isDefault)
          .map((c) => c.name)
          .sort();
      expect(await own()).toEqual(['Aquarium', 'Diving', 'Snorkel gear']);
      const aquarium = (await t.http().get('/api/categories').set(as(token))).body.items.find((c: { name: string }) => c.name === 'Aquarium');
      const diving = (await t.http().get('/api/categories').set(as(token))).body.items.find((c: { name: string }) => c.name === 'Diving');
      const travel = (await t.http().get('/api/categories').set(as(token))).body.items.find((c: { name: string }) => c.name === 'Travel');

      // the customer renames one category and merges the other two away
      await t.http().patch(`/api/categories/${aquarium.id}`).set(as(token)).send({ name: 'Fish tank' }).expect(200);
      await t.http().post(`/api/categories/${diving.id}/merge`).set(as(token)).send({ intoId: travel.id }).expect(200);
      await t.http().post(`/api/categories/${snorkel.id}/merge`).set(as(token)).send({ intoId: travel.id }).expect(200);
      expect(await own()).toEqual(['Fish tank']);

      const again = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ created: 0, duplicates: 4, duplicateIndexes: [0, 1, 2, 3], failed: [] });
      expect(await own()).toEqual(['Fish tank']);
      const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM categories WHERE user_id = $1`, [id]);
      expect(n).toBe(3); // Fish tank, and the two merged away (kept, retired)
      const stored = (await t.http().get('/api/expenses').set(as(token)).query({ sort: 'occurredAt' })).body.items;
      expect(stored.map((e: { category: string }) => e.category)).toEqual(['Fish tank', 'Fish tank', 'Travel', 'Travel']);

      // a new item among the re-sent ones is still created, with its category
      const more = await t
        .http()
        .post('/api/expenses/batch')
        .set(as(token))
        .send({ items: [...items, { externalId: 'r-5', occurredAt: '2024-06-05', amount: '3.00', description: 'Net', category: 'Aquarium' }] });
      expect(more.body).toEqual({ created: 1, duplicates: 4, duplicateIndexes: [0, 1, 2, 3], failed: [] });
      expect(await own()).toEqual(['Aquarium', 'Fish tank']);
    });

    it('reports bad amounts and currencies per item and stores exactly the valid items of the call', async () => {
      const id = await createUser(t.owner, demo.tenantId, { email: 'per-item@demo.test', role: 'customer' });
      const token = (await login(t, 'demo', 'per-item@demo.test')).accessToken;
      const items = [
        { externalId: 'p-0', occurredAt: '2024-07-01', amount: '10.00', description: 'Valid first', category: 'Dining' },
        { externalId: 'p-1', occurredAt: '2024-07-01', amount: '10.00', description: 'Odd currency', currency: 'XYZ' },
        { externalId: 'p-2', occurredAt: '2024-07-01', amount: 0, description: 'Zero' },
        { externalId: 'p-3', occurredAt: '2024-07-01', amount: '0.00', description: 'Zero as text' },
        { externalId: 'p-4', occurredAt: '2024-07-01', amount: '1.234', description: 'Three decimals' },
        { externalId: 'p-5', occurredAt: '2024-07-01', amount: 'abc', description: 'Not a number' },
        { externalId: 'p-6', occurredAt: '2024-07-01', amount: '2.50', description: 'Lower-case currency', currency: 'eur' },
        { externalId: 'p-7', occurredAt: '2024-07-02', amount: 7.5, description: 'Valid last', currency: 'EUR', category: 'New one' },
      ];
      const res = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        created: 2,
        duplicates: 0,
        duplicateIndexes: [],
        failed: [
          { index: 1, message: 'currency must be an ISO 4217 currency code such as USD or EUR' },
          { index: 2, message: 'amount must not be zero' },
          { index: 3, message: 'amount must not be zero' },
          { index: 4, message: 'amount must have at most 2 decimals' },
          { index: 5, message: 'amount must be a decimal number such as 12.30' },
          { index: 6, message: 'currency must be an ISO 4217 currency code such as USD or EUR' },
        ],
      });
      const stored = await t.owner.query(
        `SELECT e.external_id, e.amount::text AS amount, e.currency, e.description, c.name AS category
           FROM expenses e LEFT JOIN categories c ON c.id = e.category_id WHERE e.user_id = $1 ORDER BY e.external_id`,
        [id],
      );
      expect(stored).toEqual([
        { external_id: 'p-0', amount: '10.00', currency: 'USD', description: 'Valid first', category: 'Dining' },
        { external_id: 'p-7', amount: '7.50', currency: 'EUR', description: 'Valid last', category: 'New one' },
      ]);
      // sent again: the valid ones are duplicates, the bad ones fail again, nothing is added
      const again = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(again.body).toMatchObject({ created: 0, duplicates: 2, duplicateIndexes: [0, 7] });
      expect(again.body.failed).toEqual(res.body.failed);
      const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM expenses WHERE user_id = $1`, [id]);
      expect(n).toBe(2);
    });

    it('refuses malformed batches as a whole', async () => {
      const token = demo.users.customer.token;
      expect((await t.http().post('/api/expenses/batch').set(as(token)).send({ items: [] })).status).toBe(400);
      expect((await t.http().post('/api/expenses/batch').set(as(token)).send({ items: 'x' })).status).toBe(400);
      const tooMany = Array.from({ length: 5001 }, (_, i) => ({ externalId: `x${i}`, occurredAt: '2024-01-01', amount: '1', description: 'x' }));
      const res = await t.http().post('/api/expenses/batch').set(as(token)).send({ items: tooMany });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('items may hold at most 5000 expenses per call');
    });

    it('writes all of a batch or nothing', async () => {
      const token = demo.users.customer.token;
      const [{ before }] = await t.owner.query(`SELECT count(*)::int AS before FROM expenses WHERE user_id = $1`, [demo.users.customer.id]);
      // problems the checks catch fail one item only
      const items = [
        { externalId: 'atomic-1', occurredAt: '2024-01-01', amount: '1.00', description: 'ok' },
        { externalId: 'atomic-2', occurredAt: '2024-01-01', amount: '1.00', description: 'ok', merchant: 'x'.repeat(201) },
      ];
      const res = await t.http().post('/api/expenses/batch').set(as(token)).send({ items });
      expect(res.body).toMatchObject({ created: 1, failed: [{ index: 1, message: expect.stringContaining('merchant must be at most 200') }] });
      // a failure inside the database (a constraint added for this test) rolls the whole call back
      await t.owner.query(`ALTER TABLE expenses ADD CONSTRAINT ck_test_no_boom CHECK (description <> 'boom') NOT VALID`);
      try {
        const boom = await t
          .http()
          .post('/api/expenses/batch')
          .set(as(token))
          .send({
            items: [
              { externalId: 'atomic-3', occurredAt: '2024-01-01', amount: '1.00', description: 'fine' },
              { externalId: 'atomic-4', occurredAt: '2024-01-01', amount: '1.00', description: 'boom' },
            ],
          });
        expect(boom.status).toBe(400);
      } finally {
        await t.owner.query(`ALTER TABLE expenses DROP CONSTRAINT ck_test_no_boom`);
      }
      const [{ after }] = await t.owner.query(`SELECT count(*)::int AS after FROM expenses WHERE user_id = $1`, [demo.users.customer.id]);
      expect(after).toBe(before + 1);
    });
  });
});
