import { createUser, login, setConsent, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer, plantFinding } from './findings-fixtures';

describe('review queue: lists, next and bulk decisions', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let reviewer: string;
  let supervisor: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let reviewer2: { id: string; token: string };

  const list = (token: string, query = '') => t.http().get(`/api/findings${query}`).set(bearer(token));
  const next = (token: string) => t.http().get('/api/findings/next').set(bearer(token));
  const bulk = (token: string, body: object) => t.http().post('/api/findings/bulk').set(bearer(token)).send(body);
  const clearQueue = () => t.owner.query(`DELETE FROM findings WHERE tenant_id = $1`, [demo.tenantId]);

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    reviewer = demo.users.reviewer.token;
    supervisor = demo.users.supervisor.token;
    alice = demo.users.customer.id;
    bob = await createUser(t.owner, demo.tenantId, { email: 'bob@demo.test', role: 'customer', displayName: 'Bob' });
    carol = await createUser(t.owner, demo.tenantId, { email: 'carol@demo.test', role: 'customer', displayName: 'Carol' });
    await setConsent(t.owner, demo.tenantId, alice, true);
    await setConsent(t.owner, demo.tenantId, bob, true);
    await setConsent(t.owner, acme.tenantId, acme.users.customer.id, true);
    const r2 = await createUser(t.owner, demo.tenantId, { email: 'reviewer2@demo.test', role: 'reviewer' });
    reviewer2 = { id: r2, token: (await login(t, 'demo', 'reviewer2@demo.test')).accessToken };
  }, 60_000);
  afterAll(() => t.close());

  describe('GET /findings', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      await clearQueue();
      ids.highLate = await plantFinding(t, demo.tenantId, alice, { severity: 'high', dueInHours: 20, score: 0.7 });
      const soon = new Date(Date.now() + 2 * 3600_000);
      ids.highSoon = await plantFinding(t, demo.tenantId, bob, { severity: 'high', dueAt: soon, score: 0.6, type: 'drift' });
      ids.highSoonScored = await plantFinding(t, demo.tenantId, alice, { severity: 'high', dueAt: soon, score: 0.95 });
      ids.mediumOverdue = await plantFinding(t, demo.tenantId, alice, { severity: 'medium', dueInHours: -5, score: 0.9 });
      ids.low = await plantFinding(t, demo.tenantId, bob, { severity: 'low', dueInHours: 100, score: 0.99, type: 'forecast_overrun' });
      ids.approvedLate = await plantFinding(t, demo.tenantId, alice, { status: 'approved', dueInHours: -50, severity: 'low' });
      ids.claimed = await plantFinding(t, demo.tenantId, bob, { status: 'in_review', assigneeId: demo.users.reviewer.id, severity: 'low' });
      ids.dismissed = await plantFinding(t, demo.tenantId, bob, { status: 'dismissed', severity: 'low' });
      ids.carolPending = await plantFinding(t, demo.tenantId, carol, { severity: 'high', dueInHours: -1 });
      ids.carolApproved = await plantFinding(t, demo.tenantId, carol, { status: 'approved' });
      await plantFinding(t, acme.tenantId, acme.users.customer.id, { severity: 'high' });
    });

    it('answers items, nextCursor, total and counts by status; most urgent first (severity, due date, score)', async () => {
      const res = await list(reviewer);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(9);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.counts).toEqual({
        pending: 5,
        in_review: 1,
        pending_second_review: 0,
        approved: 2,
        dismissed: 1,
        snoozed: 0,
        superseded: 0,
      });
      expect(res.body.items.slice(0, 4).map((f: any) => f.id)).toEqual([ids.highSoonScored, ids.highSoon, ids.highLate, ids.mediumOverdue]);
      const first = res.body.items[0];
      expect(first).toMatchObject({
        customerId: alice,
        customer: { id: alice, displayName: 'customer' },
        type: 'anomaly',
        severity: 'high',
        status: 'pending',
        version: 1,
        overdue: false,
        assigneeId: null,
      });
      expect(first.evidence.expense.merchant).toBe('Whole Foods');
      expect(Date.parse(first.dueAt)).toBeGreaterThan(Date.now());
    });

    it('open findings of customers without consent are not in the queue; their closed history stays', async () => {
      const all = (await list(reviewer, '?limit=500')).body.items.map((f: any) => f.id);
      expect(all).not.toContain(ids.carolPending);
      expect(all).toContain(ids.carolApproved);
      expect((await list(reviewer, `?customerId=${carol}`)).body.counts.pending).toBe(0);
    });

    it('filters by status, type, severity, customer, assignee and overdue', async () => {
      const idsOf = async (q: string) => (await list(reviewer, q)).body.items.map((f: any) => f.id).sort();
      expect(await idsOf('?status=pending&severity=high')).toEqual([ids.highLate, ids.highSoon, ids.highSoonScored].sort());
      expect(await idsOf('?type=drift')).toEqual([ids.highSoon]);
      expect(await idsOf(`?customerId=${bob}&status=pending`)).toEqual([ids.highSoon, ids.low].sort());
      expect(await idsOf(`?assigneeId=${demo.users.reviewer.id}`)).toEqual([ids.claimed]);
      // overdue: open and past due; an approved finding past its date is not overdue
      const overdue = await list(reviewer, '?overdue=true');
      expect(overdue.body.items.map((f: any) => [f.id, f.overdue])).toEqual([[ids.mediumOverdue, true]]);
      expect(overdue.body.total).toBe(1);
      expect(await idsOf('?overdue=false')).not.toContain(ids.mediumOverdue);
      // counts ignore the status filter but follow the others
      const counted = await list(reviewer, `?status=approved&customerId=${alice}`);
      expect(counted.body.total).toBe(1);
      expect(counted.body.counts).toMatchObject({ pending: 3, approved: 1 });
    });

    it('rejects unknown filter values with 400', async () => {
      for (const q of ['?status=open', '?severity=huge', '?type=x', '?customerId=bob', '?overdue=maybe', '?sort=name', '?limit=501', '?limit=0', '?cursor=%%%']) {
        expect({ q, status: (await list(reviewer, q)).status }).toEqual({ q, status: 400 });
      }
    });

    it.each(['urgency', 'dueAt', 'createdAt', '-createdAt', '-score'])('pages through every finding exactly once with sort=%s', async (sort) => {
      const whole = (await list(reviewer, `?sort=${sort}&limit=500`)).body.items.map((f: any) => f.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await list(reviewer, `?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(9);
        seen.push(...res.body.items.map((f: any) => f.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole);
      expect(new Set(seen).size).toBe(9);
    });

    it('sorts by score and due date as asked', async () => {
      const scores = (await list(reviewer, '?sort=-score')).body.items.map((f: any) => f.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const dues = (await list(reviewer, '?sort=dueAt')).body.items.map((f: any) => Date.parse(f.dueAt));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
    });
  });

  describe('GET /findings/next', () => {
    beforeEach(clearQueue);

    it('serves and claims the most urgent unclaimed finding: severity, then due date, then score', async () => {
      const medium = await plantFinding(t, demo.tenantId, alice, { severity: 'medium', dueInHours: 1, score: 0.99 });
      const highLate = await plantFinding(t, demo.tenantId, alice, { severity: 'high', dueInHours: 30, score: 0.99 });
      const soon = new Date(Date.now() + 3 * 3600_000);
      const highSoonLow = await plantFinding(t, demo.tenantId, bob, { severity: 'high', dueAt: soon, score: 0.5 });
      const highSoonHigh = await plantFinding(t, demo.tenantId, bob, { severity: 'high', dueAt: soon, score: 0.9 });
      const served: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await next(reviewer);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'in_review', assigneeId: demo.users.reviewer.id, version: 2 });
        served.push(res.body.id);
      }
      expect(served).toEqual([highSoonHigh, highSoonLow, highLate, medium]);
      const none = await next(reviewer);
      expect(none.status).toBe(204);
      expect(none.text).toBe('');
      const [event] = await t.owner.query(`SELECT * FROM finding_events WHERE finding_id = $1 AND action = 'claimed'`, [highSoonHigh]);
      expect(event).toMatchObject({ actor_id: demo.users.reviewer.id, from_status: 'pending', to_status: 'in_review' });
    });

    it('never serves findings of customers without consent, nor snoozed or claimed ones', async () => {
      await plantFinding(t, demo.tenantId, carol, { severity: 'high' });
      await plantFinding(t, demo.tenantId, alice, { status: 'snoozed' });
      await plantFinding(t, demo.tenantId, alice, { status: 'in_review', assigneeId: reviewer2.id, claimedMinutesAgo: 5 });
      await plantFinding(t, demo.tenantId, alice, { status: 'pending_second_review' });
      expect((await next(reviewer)).status).toBe(204);
    });

    it('takes over a lapsed claim and a snooze whose date has passed', async () => {
      const lapsed = await plantFinding(t, demo.tenantId, alice, { status: 'in_review', assigneeId: reviewer2.id, claimedMinutesAgo: 45, severity: 'high' });
      const woke = await plantFinding(t, demo.tenantId, alice, { status: 'snoozed', severity: 'medium' });
      await t.owner.query(`UPDATE findings SET snoozed_until = now() - interval '1 hour' WHERE id = $1`, [woke]);
      expect((await next(reviewer)).body).toMatchObject({ id: lapsed, assigneeId: demo.users.reviewer.id });
      expect((await next(reviewer)).body).toMatchObject({ id: woke, status: 'in_review' });
      const actions = (await t.owner.query(`SELECT action FROM finding_events WHERE finding_id = $1 ORDER BY at`, [woke])).map((e: any) => e.action);
      expect(actions).toEqual(['created', 'woken', 'claimed']);
    });

    it('reviewers asking at the same time never get the same finding', async () => {
      for (let i = 0; i < 6; i++) await plantFinding(t, demo.tenantId, i % 2 ? alice : bob, { severity: 'medium', score: i / 10 });
      const tokens = [reviewer, reviewer2.token, supervisor, demo.users.admin.token];
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => next(tokens[i % tokens.length])));
      const served = results.filter((r) => r.status === 200).map((r) => r.body.id);
      expect(served).toHaveLength(6);
      expect(new Set(served).size).toBe(6);
      expect(results.filter((r) => r.status === 204)).toHaveLength(4);
    });

    it('customers may not ask for work (403)', async () => {
      expect((await next(demo.users.customer.token)).status).toBe(403);
    });
  });

  describe('POST /findings/bulk', () => {
    beforeEach(clearQueue);

    it('approves many at once with a result per id; a bad id never blocks the others', async () => {
      const pending = await plantFinding(t, demo.tenantId, alice);
      const mine = await plantFinding(t, demo.tenantId, alice, { status: 'in_review', assigneeId: demo.users.reviewer.id });
      const theirs = await plantFinding(t, demo.tenantId, alice, { status: 'in_review', assigneeId: reviewer2.id, claimedMinutesAgo: 1 });
      const done = await plantFinding(t, demo.tenantId, alice, { status: 'dismissed' });
      const foreign = await plantFinding(t, acme.tenantId, acme.users.customer.id);
      const unknown = '6f1c3c2e-8a43-4c55-9a3e-0f3e2b1d4c5a';
      const res = await bulk(reviewer, { action: 'approve', ids: [pending, 'nonsense', mine, theirs, done, foreign, unknown], note: 'batch' });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: pending, ok: true, status: 'approved' },
        { id: 'nonsense', ok: false, error: 'Finding not found' },
        { id: mine, ok: true, status: 'approved' },
        { id: theirs, ok: false, status: 'in_review', error: expect.stringMatching(/claimed by another reviewer/) },
        { id: done, ok: false, status: 'dismissed', error: expect.stringMatching(/dismissed/) },
        { id: foreign, ok: false, error: 'Finding not found' },
        { id: unknown, ok: false, error: 'Finding not found' },
      ]);
      const events = await t.owner.query(`SELECT action, note, payload FROM finding_events WHERE finding_id = $1 ORDER BY at`, [pending]);
      expect(events.map((e: any) => e.action)).toEqual(['created', 'claimed', 'approved']);
      expect(events[2]).toMatchObject({ note: 'batch', payload: { bulk: true } });
      const [f] = await t.owner.query(`SELECT status, version, approved_at FROM findings WHERE id = $1`, [pending]);
      expect(f).toMatchObject({ status: 'approved', version: 2 });
      expect((await t.owner.query(`SELECT status, version FROM findings WHERE id = $1`, [foreign]))[0]).toEqual({ status: 'pending', version: 1 });
    });

    it('dismisses with a reason; high severity waits for a second supervisor under four-eyes', async () => {
      const high = await plantFinding(t, demo.tenantId, alice, { severity: 'high' });
      const low = await plantFinding(t, demo.tenantId, alice, { severity: 'low' });
      expect((await bulk(reviewer, { action: 'dismiss', ids: [high, low] })).status).toBe(400);
      expect((await bulk(reviewer, { action: 'dismiss', ids: [high, low], reason: 'other' })).status).toBe(400);
      const res = await bulk(reviewer, { action: 'dismiss', ids: [high, low], reason: 'false_positive' });
      expect(res.body.results).toEqual([
        { id: high, ok: true, status: 'pending_second_review' },
        { id: low, ok: true, status: 'dismissed' },
      ]);
      const [row] = await t.owner.query(`SELECT dismiss_reason, first_reviewer_id FROM findings WHERE id = $1`, [high]);
      expect(row).toEqual({ dismiss_reason: 'false_positive', first_reviewer_id: demo.users.reviewer.id });
    });

    it('assigns (supervisors and admins only) to an operator of the tenant', async () => {
      const a = await plantFinding(t, demo.tenantId, alice);
      const b = await plantFinding(t, demo.tenantId, bob, { status: 'approved' });
      expect((await bulk(reviewer, { action: 'assign', ids: [a], assigneeId: reviewer2.id })).status).toBe(403);
      expect((await bulk(supervisor, { action: 'assign', ids: [a] })).status).toBe(400);
      expect((await bulk(supervisor, { action: 'assign', ids: [a], assigneeId: alice })).status).toBe(422);
      const res = await bulk(supervisor, { action: 'assign', ids: [a, b], assigneeId: reviewer2.id });
      expect(res.body.results).toEqual([
        { id: a, ok: true, status: 'in_review' },
        { id: b, ok: false, status: 'approved', error: expect.stringMatching(/approved/) },
      ]);
      expect((await t.owner.query(`SELECT assignee_id FROM findings WHERE id = $1`, [a]))[0].assignee_id).toBe(reviewer2.id);
    });

    it('takes up to 500 ids: 500 are decided in one request, 501 are refused', async () => {
      const ids: string[] = (
        await t.owner.query(
          `INSERT INTO findings (tenant_id, user_id, type, severity, score, title, message, original_title, original_message, evidence, fingerprint, pattern, due_at)
           SELECT $1, $2, 'anomaly', 'medium', 0.5, 't', 'm', 't', 'm', '{}', 'bulk:' || g, 'bulk:' || g, now() + interval '1 day'
             FROM generate_series(1, 500) g RETURNING id`,
          [demo.tenantId, alice],
        )
      ).map((r: any) => r.id);
      expect((await bulk(supervisor, { action: 'approve', ids: [...ids, '6f1c3c2e-8a43-4c55-9a3e-0f3e2b1d4c5b'] })).status).toBe(400);
      expect((await bulk(supervisor, { action: 'approve', ids: [] })).status).toBe(400);
      expect((await bulk(supervisor, { action: 'close', ids })).status).toBe(400);
      const res = await bulk(supervisor, { action: 'approve', ids });
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(500);
      expect(res.body.results.every((r: any) => r.ok && r.status === 'approved')).toBe(true);
      const [{ n }] = await t.owner.query(`SELECT count(*)::int AS n FROM findings WHERE tenant_id = $1 AND status = 'approved'`, [demo.tenantId]);
      expect(n).toBe(500);
    });
  });
});
