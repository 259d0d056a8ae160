import { createUser, login, setConsent, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer, PlantFinding, plantFinding } from './findings-fixtures';

describe('review workflow: decisions on one finding', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let reviewer: string;
  let reviewer2: { id: string; token: string };
  let supervisor: string;
  let supervisor2: { id: string; token: string };
  let admin: string;
  let customerId: string;

  const plant = (f: PlantFinding = {}) => plantFinding(t, demo.tenantId, customerId, f);
  const post = (token: string, id: string, action: string, body: object) =>
    t.http().post(`/api/findings/${id}/${action}`).set(bearer(token)).send(body);
  const get = (token: string, id: string) => t.http().get(`/api/findings/${id}`).set(bearer(token));
  const stored = async (id: string) => (await t.owner.query(`SELECT * FROM findings WHERE id = $1`, [id]))[0];
  const eventsOf = async (id: string) =>
    (await t.http().get(`/api/findings/${id}/events`).set(bearer(supervisor))).body.items as Array<Record<string, any>>;
  const claimed = async (token = reviewer, f: PlantFinding = {}) => {
    const id = await plant(f);
    const res = await post(token, id, 'claim', { version: 1 });
    expect(res.status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    reviewer = demo.users.reviewer.token;
    supervisor = demo.users.supervisor.token;
    admin = demo.users.admin.token;
    customerId = demo.users.customer.id;
    await setConsent(t.owner, demo.tenantId, customerId, true);
    for (const [name, role, slot] of [
      ['reviewer2', 'reviewer', 'r'],
      ['supervisor2', 'supervisor', 's'],
    ] as const) {
      const id = await createUser(t.owner, demo.tenantId, { email: `${name}@demo.test`, role });
      const token = (await login(t, 'demo', `${name}@demo.test`)).accessToken;
      if (slot === 'r') reviewer2 = { id, token };
      else supervisor2 = { id, token };
    }
  }, 60_000);
  afterAll(() => t.close());

  it('claiming takes a pending finding into review for the caller and bumps the version', async () => {
    const id = await plant();
    const res = await post(reviewer, id, 'claim', { version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'in_review', assigneeId: demo.users.reviewer.id, version: 2 });
    expect(Date.parse(res.body.claimExpiresAt) - Date.parse(res.body.claimedAt)).toBe(30 * 60_000);
    const events = await eventsOf(id);
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId])).toEqual([
      ['created', null, 'pending', null],
      ['claimed', 'pending', 'in_review', demo.users.reviewer.id],
    ]);
  });

  it('a stale version answers 409 with the current version, and changes nothing', async () => {
    const id = await claimed();
    const res = await post(reviewer, id, 'approve', { version: 1 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, currentVersion: 2, status: 'in_review' });
    expect((await stored(id)).status).toBe('in_review');
    expect(await eventsOf(id)).toHaveLength(2);
  });

  it('illegal transitions answer 409 with a message naming the state', async () => {
    const id = await plant();
    const early = await post(reviewer, id, 'approve', { version: 1 });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/pending/);
    await post(reviewer, id, 'claim', { version: 1 });
    expect((await post(reviewer, id, 'approve', { version: 2 })).status).toBe(200);
    for (const [action, body] of [
      ['dismiss', { reason: 'duplicate' }],
      ['claim', {}],
      ['snooze', { until: new Date(Date.now() + 3600_000).toISOString() }],
      ['release', {}],
      ['approve', {}],
    ] as const) {
      const res = await post(supervisor, id, action, { version: 3, ...body });
      expect({ action, status: res.status }).toEqual({ action, status: 409 });
      expect(res.body.message).toMatch(/approved/);
    }
    const confirm = await post(supervisor, id, 'confirm-dismissal', { version: 3 });
    expect(confirm.status).toBe(409);
    expect(confirm.body.message).toMatch(/approved/);
  });

  it('approving may rewrite title and message; the original is kept on the finding and shown in the event', async () => {
    const id = await claimed();
    const res = await post(reviewer, id, 'approve', {
      version: 2,
      title: 'A large grocery purchase',
      message: 'We noticed a grocery purchase much larger than usual. Was this you?',
      note: 'softened the wording',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      title: 'A large grocery purchase',
      message: 'We noticed a grocery purchase much larger than usual. Was this you?',
      originalTitle: 'Unusual grocery bill',
      version: 3,
    });
    expect(res.body.approvedAt).toBeTruthy();
    expect(res.body.decidedAt).toBeTruthy();
    const row = await stored(id);
    expect(row.original_title).toBe('Unusual grocery bill');
    expect(row.original_message).toMatch(/^A grocery bill of 2,480.00/);
    const approved = (await eventsOf(id)).find((e) => e.action === 'approved');
    expect(approved).toMatchObject({
      fromStatus: 'in_review',
      toStatus: 'approved',
      note: 'softened the wording',
      payload: {
        title: { from: 'Unusual grocery bill', to: 'A large grocery purchase' },
        message: { to: 'We noticed a grocery purchase much larger than usual. Was this you?' },
        originalTitle: 'Unusual grocery bill',
      },
    });
  });

  it('dismissing needs a reason from the fixed list, and "other" needs a note', async () => {
    const id = await claimed(reviewer, { severity: 'low' });
    expect((await post(reviewer, id, 'dismiss', { version: 2 })).status).toBe(400);
    expect((await post(reviewer, id, 'dismiss', { version: 2, reason: 'bored' })).status).toBe(400);
    expect((await post(reviewer, id, 'dismiss', { version: 2, reason: 'suppressed' })).status).toBe(400);
    const noNote = await post(reviewer, id, 'dismiss', { version: 2, reason: 'other' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message).toMatch(/note/);
    const res = await post(reviewer, id, 'dismiss', { version: 2, reason: 'other', note: 'the customer already called us' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dismissed', dismissReason: 'other', version: 3 });
    expect((await eventsOf(id)).at(-1)).toMatchObject({ action: 'dismissed', note: 'the customer already called us', payload: { reason: 'other' } });
  });

  it('dismissing a high-severity finding needs a second supervisor: the first person cannot confirm, reviewers cannot, another supervisor can', async () => {
    const id = await claimed(supervisor, { severity: 'high' });
    const dismissed = await post(supervisor, id, 'dismiss', { version: 2, reason: 'false_positive' });
    expect(dismissed.body).toMatchObject({ status: 'pending_second_review', firstReviewerId: demo.users.supervisor.id, version: 3 });
    expect((await post(reviewer, id, 'confirm-dismissal', { version: 3 })).status).toBe(403);
    const self = await post(supervisor, id, 'confirm-dismissal', { version: 3 });
    expect(self.status).toBe(403);
    expect(self.body.message).toMatch(/another supervisor/);
    const confirmed = await post(supervisor2.token, id, 'confirm-dismissal', { version: 3 });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'dismissed', dismissReason: 'false_positive', version: 4 });
    expect((await eventsOf(id)).at(-1)).toMatchObject({
      action: 'dismissal_confirmed',
      actorId: supervisor2.id,
      fromStatus: 'pending_second_review',
      toStatus: 'dismissed',
    });
  });

  it('a rejected dismissal goes back into review with the first reviewer, with the note', async () => {
    const id = await claimed(reviewer, { severity: 'high' });
    await post(reviewer, id, 'dismiss', { version: 2, reason: 'expected' });
    expect((await post(reviewer, id, 'reject-dismissal', { version: 3 })).status).toBe(403);
    const res = await post(admin, id, 'reject-dismissal', { version: 3, note: 'the amount is real; please approve' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_review', assigneeId: demo.users.reviewer.id, dismissReason: null, firstReviewerId: null });
    expect((await eventsOf(id)).at(-1)).toMatchObject({ action: 'dismissal_rejected', note: 'the amount is real; please approve' });
    expect((await post(reviewer, id, 'approve', { version: 4 })).body.status).toBe('approved');
  });

  it('without four-eyes a high-severity dismissal is final at once', async () => {
    const res = await t.http().patch('/api/admin/tenant').set(bearer(admin)).send({ fourEyes: false });
    expect(res.status).toBe(200);
    try {
      const id = await claimed(reviewer, { severity: 'high' });
      expect((await post(reviewer, id, 'dismiss', { version: 2, reason: 'duplicate' })).body.status).toBe('dismissed');
    } finally {
      await t.http().patch('/api/admin/tenant').set(bearer(admin)).send({ fourEyes: true });
    }
  });

  it("another reviewer's live claim blocks; once it lapses the finding may be claimed by someone else", async () => {
    const id = await claimed(reviewer);
    const blocked = await post(reviewer2.token, id, 'claim', { version: 2 });
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toMatch(/in_review, claimed by another reviewer/);
    expect((await post(reviewer2.token, id, 'approve', { version: 2 })).status).toBe(409);
    await t.owner.query(`UPDATE findings SET claimed_at = now() - interval '31 minutes' WHERE id = $1`, [id]);
    const taken = await post(reviewer2.token, id, 'claim', { version: 2 });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ assigneeId: reviewer2.id, version: 3 });
    expect((await post(reviewer, id, 'approve', { version: 3 })).status).toBe(409);
  });

  it('release returns the finding to the queue unclaimed', async () => {
    const id = await claimed();
    const res = await post(reviewer, id, 'release', { version: 2 });
    expect(res.body).toMatchObject({ status: 'pending', assigneeId: null, claimedAt: null, version: 3 });
  });

  it('snoozing needs a future date; when it passes the finding is pending again (a system event)', async () => {
    const id = await claimed();
    expect((await post(reviewer, id, 'snooze', { version: 2, until: new Date(Date.now() - 60_000).toISOString() })).status).toBe(400);
    expect((await post(reviewer, id, 'snooze', { version: 2, until: 'tomorrow' })).status).toBe(400);
    const until = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const res = await post(reviewer, id, 'snooze', { version: 2, until });
    expect(res.body).toMatchObject({ status: 'snoozed', snoozedUntil: until, assigneeId: null, version: 3 });
    expect((await post(reviewer2.token, id, 'claim', { version: 3 })).status).toBe(409);

    await t.owner.query(`UPDATE findings SET snoozed_until = now() - interval '1 minute' WHERE id = $1`, [id]);
    const again = await post(reviewer2.token, id, 'claim', { version: 3 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'in_review', assigneeId: reviewer2.id, snoozedUntil: null, version: 4 });
    expect((await eventsOf(id)).slice(-2).map((e) => [e.action, e.actorId, e.fromStatus, e.toStatus])).toEqual([
      ['woken', null, 'snoozed', 'pending'],
      ['claimed', reviewer2.id, 'pending', 'in_review'],
    ]);
  });

  it('supervisors assign findings to operators of their tenant; reviewers cannot assign', async () => {
    const id = await plant();
    expect((await post(reviewer, id, 'assign', { version: 1, assigneeId: demo.users.reviewer.id })).status).toBe(403);
    expect((await post(supervisor, id, 'assign', { version: 1, assigneeId: customerId })).status).toBe(422);
    expect((await post(supervisor, id, 'assign', { version: 1, assigneeId: acme.users.reviewer.id })).status).toBe(422);
    expect((await post(supervisor, id, 'assign', { version: 1, assigneeId: 'nobody' })).status).toBe(400);
    const res = await post(supervisor, id, 'assign', { version: 1, assigneeId: reviewer2.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_review', assigneeId: reviewer2.id, version: 2 });
    // reassigning a claimed finding is a supervisor's call
    const again = await post(admin, id, 'assign', { version: 2, assigneeId: demo.users.reviewer.id });
    expect(again.body).toMatchObject({ assigneeId: demo.users.reviewer.id, version: 3 });
    expect((await eventsOf(id)).at(-1)).toMatchObject({
      action: 'assigned',
      payload: { assigneeId: demo.users.reviewer.id, previousAssigneeId: reviewer2.id },
    });
  });

  it('annotations are internal or customer-visible, listed on the finding and recorded as events without a version change', async () => {
    const id = await plant();
    const internal = await post(reviewer, id, 'annotate', { body: 'checked the merchant', visibility: 'internal' });
    expect(internal.status).toBe(201);
    expect(internal.body).toMatchObject({ findingId: id, authorId: demo.users.reviewer.id, visibility: 'internal' });
    expect((await post(reviewer, id, 'annotate', { body: 'x', visibility: 'public' })).status).toBe(400);
    expect((await post(reviewer, id, 'annotate', { body: '   ', visibility: 'customer' })).status).toBe(400);
    await post(supervisor, id, 'annotate', { body: 'You can set a budget for groceries.', visibility: 'customer' });
    const detail = await get(reviewer, id);
    expect(detail.body.version).toBe(1);
    expect(detail.body.annotations.map((a: any) => [a.visibility, a.body])).toEqual([
      ['internal', 'checked the merchant'],
      ['customer', 'You can set a budget for groceries.'],
    ]);
    expect((await eventsOf(id)).filter((e) => e.action === 'annotated')).toHaveLength(2);
  });

  it('twenty concurrent approvals with the same version: exactly one wins, nineteen get 409', async () => {
    const id = await claimed(supervisor);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(i % 2 ? supervisor : admin, id, 'approve', { version: 2, note: `attempt ${i}` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await stored(id)).toMatchObject({ status: 'approved', version: 3 });
    expect((await eventsOf(id)).filter((e) => e.action === 'approved')).toHaveLength(1);
  });

  it('concurrent claims by different reviewers: exactly one holds the finding', async () => {
    const id = await plant();
    const results = await Promise.all([reviewer, reviewer2.token, supervisor, admin].map((token) => post(token, id, 'claim', { version: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
  });

  it('every change is written with its events in the same transaction (one transaction per version)', async () => {
    // xmin is the id of the transaction that wrote a row: the finding's last change and its latest event share one,
    // and each version after the first was made by exactly one transaction that wrote events
    const findings = await t.owner.query(
      `SELECT f.id, f.version, f.xmin::text AS tx,
              (SELECT count(DISTINCT e.xmin::text)::int FROM finding_events e
                WHERE e.finding_id = f.id AND e.action NOT IN ('created', 'annotated', 'read', 'unread')) AS event_txs,
              (SELECT e.xmin::text FROM finding_events e
                WHERE e.finding_id = f.id AND e.action NOT IN ('created', 'annotated', 'read', 'unread')
                ORDER BY e.at DESC LIMIT 1) AS last_event_tx
         FROM findings f WHERE f.tenant_id = $1 AND f.version > 1`,
      [demo.tenantId],
    );
    expect(findings.length).toBeGreaterThan(10);
    for (const f of findings) {
      expect({ id: f.id, txs: f.event_txs, sameTx: f.last_event_tx === f.tx }).toEqual({ id: f.id, txs: f.version - 1, sameTx: true });
    }
  });

  describe('who may do what', () => {
    const decisions: Array<[string, object]> = [
      ['claim', { version: 1 }],
      ['release', { version: 1 }],
      ['approve', { version: 1 }],
      ['dismiss', { version: 1, reason: 'duplicate' }],
      ['snooze', { version: 1, until: new Date(Date.now() + 86_400_000).toISOString() }],
      ['assign', { version: 1, assigneeId: '00000000-0000-4000-8000-000000000000' }],
      ['confirm-dismissal', { version: 1 }],
      ['reject-dismissal', { version: 1 }],
      ['annotate', { body: 'note', visibility: 'internal' }],
    ];

    it('customers get 403 on every findings route', async () => {
      const id = await plant();
      const token = demo.users.customer.token;
      for (const [action, body] of decisions) {
        expect({ action, status: (await post(token, id, action, body)).status }).toEqual({ action, status: 403 });
      }
      for (const path of ['', `/${id}`, `/${id}/events`, '/next']) {
        expect({ path, status: (await t.http().get(`/api/findings${path}`).set(bearer(token))).status }).toEqual({ path, status: 403 });
      }
      expect((await t.http().post('/api/findings/bulk').set(bearer(token)).send({ action: 'approve', ids: [id] })).status).toBe(403);
      expect((await stored(id)).version).toBe(1);
    });

    it("another tenant's finding is 404 for every route, even for its admin", async () => {
      const id = await plant();
      const token = acme.users.admin.token;
      for (const [action, body] of decisions) {
        expect({ action, status: (await post(token, id, action, body)).status }).toEqual({ action, status: 404 });
      }
      for (const path of [`/${id}`, `/${id}/events`]) {
        expect((await t.http().get(`/api/findings${path}`).set(bearer(token))).status).toBe(404);
      }
      const list = await t.http().get('/api/findings').set(bearer(token));
      expect(list.body.items.map((f: any) => f.id)).not.toContain(id);
      expect((await t.http().get('/api/findings/next').set(bearer(token))).status).toBe(204);
      expect((await stored(id)).version).toBe(1);
    });

    it('reviewers cannot assign, confirm or reject dismissals (403); supervisors and admins can', async () => {
      for (const action of ['assign', 'confirm-dismissal', 'reject-dismissal']) {
        const id = await plant();
        const body = action === 'assign' ? { version: 1, assigneeId: demo.users.reviewer.id } : { version: 1 };
        expect({ action, status: (await post(reviewer, id, action, body)).status }).toEqual({ action, status: 403 });
      }
      for (const token of [supervisor, admin]) {
        const id = await claimed(reviewer, { severity: 'high' });
        await post(reviewer, id, 'dismiss', { version: 2, reason: 'duplicate' });
        expect((await post(token, id, 'reject-dismissal', { version: 3 })).status).toBe(200);
        await post(reviewer, id, 'dismiss', { version: 4, reason: 'duplicate' });
        expect((await post(token, id, 'confirm-dismissal', { version: 5 })).status).toBe(200);
        const other = await plant();
        expect((await post(token, other, 'assign', { version: 1, assigneeId: reviewer2.id })).status).toBe(200);
      }
    });

    it('reviewers, supervisors and admins all claim, approve, dismiss, snooze, release and annotate', async () => {
      for (const token of [reviewer, supervisor, admin]) {
        let id = await claimed(token);
        expect((await post(token, id, 'approve', { version: 2 })).status).toBe(200);
        id = await claimed(token, { severity: 'low' });
        expect((await post(token, id, 'dismiss', { version: 2, reason: 'not_actionable' })).status).toBe(200);
        id = await claimed(token);
        expect((await post(token, id, 'snooze', { version: 2, until: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(200);
        id = await claimed(token);
        expect((await post(token, id, 'release', { version: 2 })).status).toBe(200);
        expect((await post(token, id, 'annotate', { body: 'ok', visibility: 'internal' })).status).toBe(201);
      }
    });

    it('a path id that is not a UUID is 404', async () => {
      expect((await get(reviewer, 'not-a-uuid')).status).toBe(404);
      expect((await post(reviewer, 'not-a-uuid', 'claim', { version: 1 })).status).toBe(404);
    });
  });
});
