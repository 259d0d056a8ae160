import { randomUUID } from 'node:crypto';
import type { FindingType } from '@spendguard/contracts';
import { FindingDraft, writeFindings, WriteFindingsResult } from '@spendguard/server-analysis';
import { TenantDb } from '@spendguard/server-data';
import { createUser, login, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer, plantFinding } from './findings-fixtures';

describe('suppression rules', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let supervisor: string;
  let admin: string;
  let reviewer: string;
  let customerA: string;
  let customerB: string;
  let groceries: string;
  let dining: string;
  let acmeGroceries: string;
  let ownCategoryOfB: string;

  const categoryId = async (tenantId: string, name: string) =>
    (await t.owner.query(`SELECT id FROM categories WHERE tenant_id = $1 AND user_id IS NULL AND name = $2`, [tenantId, name]))[0].id as string;

  const draft = (over: { type?: FindingType; merchant?: string | null; categoryId?: string | null } = {}): FindingDraft => ({
    type: over.type ?? 'anomaly',
    severity: 'medium',
    score: 0.7,
    title: 'Unusual payment',
    message: 'A payment far above your usual spending.',
    fingerprint: `test:${randomUUID()}`,
    pattern: `test:${randomUUID()}`,
    subject: { merchant: over.merchant === undefined ? 'Whole Foods Market' : over.merchant, categoryId: over.categoryId === undefined ? groceries : over.categoryId },
    evidence: {},
  });

  /** Stores drafts the way every analysis job does: the real writer, in a transaction under the tenant's row-level security. */
  const write = (customerId: string, drafts: FindingDraft[], tenantId = demo.tenantId): Promise<WriteFindingsResult> =>
    t.app.get(TenantDb).tx({ tenantId }, (em) =>
      writeFindings(em, { tenantId, customerId, runId: null, drafts, slaHours: { low: 72, medium: 48, high: 24 }, reassessedTypes: [] }),
    );

  /** Writes one draft per case and answers each stored finding's status and dismiss reason, in order. */
  const outcome = async (customerId: string, drafts: FindingDraft[]) => {
    const res = await write(customerId, drafts);
    expect(res.created).toHaveLength(drafts.length);
    const stored: Array<{ fingerprint: string; status: string; dismiss_reason: string | null }> = await t.owner.query(
      `SELECT fingerprint, status, dismiss_reason FROM findings WHERE id = ANY($1::uuid[])`,
      [res.created],
    );
    const byFingerprint = new Map(stored.map((s) => [s.fingerprint, s.dismiss_reason ? `${s.status}:${s.dismiss_reason}` : s.status]));
    return { result: res, statuses: drafts.map((d) => byFingerprint.get(d.fingerprint)) };
  };

  const create = (token: string, body: object) => t.http().post('/api/suppressions').set(bearer(token)).send(body);
  const rule = async (body: object, token = supervisor) => {
    const res = await create(token, { note: 'Known and harmless', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; merchant: string | null; active: boolean };
  };
  const remove = (token: string, id: string) => t.http().delete(`/api/suppressions/${id}`).set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    supervisor = demo.users.supervisor.token;
    admin = demo.users.admin.token;
    reviewer = demo.users.reviewer.token;
    customerA = demo.users.customer.id;
    customerB = await createUser(t.owner, demo.tenantId, { email: 'b@demo.test', role: 'customer', displayName: 'Bea' });
    groceries = await categoryId(demo.tenantId, 'Groceries');
    dining = await categoryId(demo.tenantId, 'Dining');
    acmeGroceries = await categoryId(acme.tenantId, 'Groceries');
    [{ id: ownCategoryOfB }] = await t.owner.query(`INSERT INTO categories (tenant_id, user_id, name) VALUES ($1, $2, 'Bulk buys') RETURNING id`, [
      demo.tenantId,
      customerB,
    ]);
  }, 60_000);
  afterAll(() => t.close());

  // each test starts from no rules, so that rules of one case never decide another
  afterEach(() => t.owner.query(`DELETE FROM suppression_rules`));

  it('a tenant-wide merchant rule dismisses new findings at that merchant in any spelling, with a suppressed event naming the rule', async () => {
    const created = await rule({ merchant: '  WHOLE FOODS Market #4521 ' });
    expect(created).toMatchObject({ merchant: 'whole-foods-market', customerId: null, customer: null, active: true, expiresAt: null });

    const cases = [draft({ merchant: 'Whole Foods Market' }), draft({ merchant: 'whole foods market 0042' }), draft({ merchant: 'Trader Joes' }), draft({ merchant: null })];
    const { result, statuses } = await outcome(customerB, cases);
    expect(statuses).toEqual(['dismissed:suppressed', 'dismissed:suppressed', 'pending', 'pending']);
    expect(result.suppressed).toHaveLength(2);
    expect(result.created).toEqual(expect.arrayContaining(result.suppressed));

    const id = result.suppressed[0];
    const finding = await t.http().get(`/api/findings/${id}`).set(bearer(reviewer));
    expect(finding.status).toBe(200);
    expect(finding.body).toMatchObject({ status: 'dismissed', dismissReason: 'suppressed' });
    expect(finding.body.decidedAt).toBeTruthy();
    const events = (await t.http().get(`/api/findings/${id}/events`).set(bearer(reviewer))).body.items as Array<Record<string, any>>;
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId])).toEqual([
      ['created', null, 'pending', null],
      ['suppressed', 'pending', 'dismissed', null],
    ]);
    expect(events[1].note).toContain(created.id);
    expect(events[1].note).toContain('Known and harmless');
    expect(events[1].payload).toMatchObject({ ruleId: created.id, reason: 'suppressed' });
  });

  it('suppressed findings stay out of the open queue, and a rerun does not raise them again', async () => {
    await rule({ merchant: 'Corner Deli' });
    const d = draft({ merchant: 'Corner Deli' });
    const first = await write(customerA, [d]);
    expect(first.suppressed).toHaveLength(1);
    const queue = await t.http().get(`/api/findings?status=pending&customerId=${customerA}&limit=500`).set(bearer(reviewer));
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((f: { id: string }) => f.id)).not.toContain(first.suppressed[0]);
    await t.owner.query(`DELETE FROM suppression_rules`);
    const rerun = await write(customerA, [d]);
    expect(rerun.created).toEqual([]);
    expect(rerun.skippedExisting).toBe(1);
  });

  it('a category rule for one customer dismisses only that customer’s findings in that category', async () => {
    const created = await rule({ customerId: customerA, categoryId: groceries });
    expect(created).toMatchObject({ customerId: customerA, customer: { id: customerA }, categoryId: groceries, category: { id: groceries, name: 'Groceries' } });
    expect((await outcome(customerA, [draft({ categoryId: groceries }), draft({ categoryId: dining }), draft({ categoryId: null })])).statuses).toEqual([
      'dismissed:suppressed',
      'pending',
      'pending',
    ]);
    expect((await outcome(customerB, [draft({ categoryId: groceries })])).statuses).toEqual(['pending']);
  });

  it('a customer’s own category can be suppressed for that customer', async () => {
    await rule({ customerId: customerB, categoryId: ownCategoryOfB });
    expect((await outcome(customerB, [draft({ categoryId: ownCategoryOfB }), draft({ categoryId: groceries })])).statuses).toEqual([
      'dismissed:suppressed',
      'pending',
    ]);
  });

  it('a finding-type rule dismisses that type for every customer of the tenant, and nothing in another tenant', async () => {
    await rule({ findingType: 'drift' });
    for (const customer of [customerA, customerB]) {
      expect((await outcome(customer, [draft({ type: 'drift', merchant: null, categoryId: null }), draft({ type: 'anomaly' })])).statuses).toEqual([
        'dismissed:suppressed',
        'pending',
      ]);
    }
    const other = await write(acme.users.customer.id, [draft({ type: 'drift', merchant: null, categoryId: acmeGroceries })], acme.tenantId);
    expect(other.created).toHaveLength(1);
    expect(other.suppressed).toEqual([]);
  });

  it('every criterion of a rule must match: type and merchant together', async () => {
    await rule({ findingType: 'recurring_change', merchant: 'Netflix' });
    expect(
      (
        await outcome(customerA, [
          draft({ type: 'recurring_change', merchant: 'NETFLIX' }),
          draft({ type: 'anomaly', merchant: 'Netflix' }),
          draft({ type: 'recurring_change', merchant: 'Spotify' }),
        ])
      ).statuses,
    ).toEqual(['dismissed:suppressed', 'pending', 'pending']);
  });

  it('an expired rule no longer applies; one expiring later still does; the list tells them apart', async () => {
    const later = await rule({ merchant: 'Gym Club', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const lapsed = await rule({ merchant: 'Book Store', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await t.owner.query(`UPDATE suppression_rules SET expires_at = now() - interval '1 minute' WHERE id = $1`, [lapsed.id]);
    expect((await outcome(customerA, [draft({ merchant: 'Gym Club' }), draft({ merchant: 'Book Store' })])).statuses).toEqual([
      'dismissed:suppressed',
      'pending',
    ]);

    const all = await t.http().get('/api/suppressions').set(bearer(reviewer));
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect(Object.fromEntries(all.body.items.map((r: { id: string; active: boolean }) => [r.id, r.active]))).toEqual({ [later.id]: true, [lapsed.id]: false });
    const active = await t.http().get('/api/suppressions?active=true').set(bearer(reviewer));
    expect(active.body.items.map((r: { id: string }) => r.id)).toEqual([later.id]);
    const expired = await t.http().get('/api/suppressions?active=false').set(bearer(reviewer));
    expect(expired.body.items.map((r: { id: string }) => r.id)).toEqual([lapsed.id]);
  });

  it('rules apply to new findings only: creating one leaves open findings alone', async () => {
    const open = await plantFinding(t, demo.tenantId, customerA, {});
    await rule({ findingType: 'anomaly' });
    expect((await t.owner.query(`SELECT status FROM findings WHERE id = $1`, [open]))[0].status).toBe('pending');
  });

  it('lists newest first with keyset paging and a customer filter', async () => {
    const ids: string[] = [];
    for (const m of ['One Shop', 'Two Shop', 'Three Shop']) ids.push((await rule({ merchant: m })).id);
    const mine = await rule({ customerId: customerA, merchant: 'Four Shop' });
    const first = await t.http().get('/api/suppressions?limit=2').set(bearer(reviewer));
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(4);
    const second = await t.http().get(`/api/suppressions?limit=2&cursor=${first.body.nextCursor}`).set(bearer(reviewer));
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((r: { id: string }) => r.id)).toEqual([mine.id, ...ids.reverse()]);
    const filtered = await t.http().get(`/api/suppressions?customerId=${customerA}`).set(bearer(reviewer));
    expect(filtered.body.items.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    expect((await t.http().get('/api/suppressions?cursor=nonsense').set(bearer(reviewer))).status).toBe(400);
    expect((await t.http().get('/api/suppressions?active=maybe').set(bearer(reviewer))).status).toBe(400);
  });

  it('validates the rule: 400 with a clear message for malformed input', async () => {
    const cases: Array<[object, RegExp]> = [
      [{ customerId: customerA }, /at least one of findingType, merchant or categoryId/],
      [{}, /at least one of findingType, merchant or categoryId/],
      [{ findingType: 'weather' }, /findingType must be one of/],
      [{ merchant: '   ' }, /merchant must not be empty/],
      [{ merchant: '#12345 0042' }, /merchant must name a merchant/],
      [{ categoryId: 'groceries' }, /categoryId must be a UUID/],
      [{ customerId: 'someone' }, /customerId must be a UUID/],
      [{ merchant: 'Shell', expiresAt: 'tomorrow' }, /expiresAt must be an ISO 8601 timestamp/],
      [{ merchant: 'Shell', expiresAt: new Date(Date.now() - 60_000).toISOString() }, /expiresAt must be in the future/],
      [{ merchant: 'Shell', note: '' }, /note must not be empty/],
    ];
    for (const [body, message] of cases) {
      const res = await create(supervisor, { note: 'why', ...body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect([res.body.message].flat().join('; ')).toMatch(message);
    }
    const noNote = await create(supervisor, { merchant: 'Shell' });
    expect(noNote.status).toBe(400);
    expect([noNote.body.message].flat().join('; ')).toMatch(/note/);
    expect((await t.owner.query(`SELECT count(*)::int AS n FROM suppression_rules`))[0].n).toBe(0);
  });

  it('422 for a customer or category it cannot use: unknown, not a customer, another tenant’s, another customer’s, merged', async () => {
    const [{ id: merged }] = await t.owner.query(
      `INSERT INTO categories (tenant_id, user_id, name, merged_into_id) VALUES ($1, $2, 'Food', $3) RETURNING id`,
      [demo.tenantId, customerA, groceries],
    );
    const cases: Array<[object, RegExp]> = [
      [{ customerId: randomUUID(), merchant: 'Shell' }, /customerId is not a customer of this tenant/],
      [{ customerId: demo.users.reviewer.id, merchant: 'Shell' }, /customerId is not a customer of this tenant/],
      [{ customerId: acme.users.customer.id, merchant: 'Shell' }, /customerId is not a customer of this tenant/],
      [{ categoryId: randomUUID() }, /categoryId is not a category of this tenant/],
      [{ categoryId: acmeGroceries }, /categoryId is not a category of this tenant/],
      [{ customerId: customerA, categoryId: ownCategoryOfB }, /another customer's own category/],
      [{ categoryId: ownCategoryOfB }, /give that customer's customerId/],
      [{ customerId: customerA, categoryId: merged }, /merged into category/],
    ];
    for (const [body, message] of cases) {
      const res = await create(supervisor, { note: 'why', ...body });
      expect({ body, status: res.status }).toEqual({ body, status: 422 });
      expect(res.body.message).toMatch(message);
    }
    expect((await t.owner.query(`SELECT count(*)::int AS n FROM suppression_rules`))[0].n).toBe(0);
  });

  it('roles: reviewers read but may not create or delete; customers may do none of it; admins and supervisors may', async () => {
    const r = await rule({ merchant: 'Shell' }, admin);
    expect((await t.http().get('/api/suppressions').set(bearer(reviewer))).status).toBe(200);
    expect((await create(reviewer, { merchant: 'Shell', note: 'x' })).status).toBe(403);
    expect((await remove(reviewer, r.id)).status).toBe(403);
    const customer = demo.users.customer.token;
    expect((await t.http().get('/api/suppressions').set(bearer(customer))).status).toBe(403);
    expect((await create(customer, { merchant: 'Shell', note: 'x' })).status).toBe(403);
    expect((await remove(customer, r.id)).status).toBe(403);
    expect((await t.http().get('/api/suppressions')).status).toBe(401);
    expect((await t.owner.query(`SELECT count(*)::int AS n FROM suppression_rules`))[0].n).toBe(1);
    expect((await remove(supervisor, r.id)).status).toBe(204);
  });

  it('another tenant’s rule is unknown: not listed, 404 on delete; deleting stops the rule and a second delete is 404', async () => {
    const r = await rule({ merchant: 'Shell' });
    const acmeAdmin = (await login(t, 'acme', 'admin@acme.test')).accessToken;
    const listed = await t.http().get('/api/suppressions').set(bearer(acmeAdmin));
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ items: [], total: 0 });
    expect((await remove(acmeAdmin, r.id)).status).toBe(404);
    expect((await remove(supervisor, 'not-a-uuid')).status).toBe(404);
    expect((await remove(supervisor, randomUUID())).status).toBe(404);

    expect((await outcome(customerA, [draft({ merchant: 'Shell' })])).statuses).toEqual(['dismissed:suppressed']);
    expect((await remove(admin, r.id)).status).toBe(204);
    expect((await remove(admin, r.id)).status).toBe(404);
    expect((await outcome(customerA, [draft({ merchant: 'Shell' })])).statuses).toEqual(['pending']);
  });
});
