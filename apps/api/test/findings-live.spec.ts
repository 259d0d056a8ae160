import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import { writeFindings } from '@spendguard/server-analysis';
import { configureApp, createHttpAdapter } from '@spendguard/server-core';
import { LiveHub } from '@spendguard/server-findings';
import { createUser, login, setConsent, startTestApp, TEST_JWT_SECRET, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { bearer, plantFinding } from './findings-fixtures';
import { listen, SseClient, SseEvent } from './sse-client';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);

async function eventually(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition still false after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('live updates: server-sent events across processes', () => {
  let t: TestApp;
  let port: number;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let other: { id: string; token: string };
  let replica: INestApplication;
  let replicaPort: number;
  const open: SseClient[] = [];

  const stream = async (path: string, token?: string, via: 'query' | 'header' = 'query', onPort = port) => {
    const url = token && via === 'query' ? `${path}?access_token=${encodeURIComponent(token)}` : path;
    const client = await SseClient.open(onPort, url, token && via === 'header' ? bearer(token) : {});
    open.push(client);
    return client;
  };
  const operatorStream = (token: string, via: 'query' | 'header' = 'query') => stream('/api/findings/stream', token, via);
  const customerStream = (token: string, via: 'query' | 'header' = 'query') => stream('/api/insights/stream', token, via);
  const post = (token: string, id: string, action: string, body: object) => t.http().post(`/api/findings/${id}/${action}`).set(bearer(token)).send(body);
  const about = (id: string, type?: string) => (e: SseEvent) => e.data?.id === id && (!type || e.type === type);

  beforeAll(async () => {
    process.env['LIVE_HEARTBEAT_SECONDS'] = '1';
    t = await startTestApp((config) => AppModule.forRoot(config));
    port = await listen(t.app);
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    await setConsent(t.owner, demo.tenantId, demo.users.customer.id, true);
    const otherId = await createUser(t.owner, demo.tenantId, { email: 'other@demo.test', role: 'customer' });
    await setConsent(t.owner, demo.tenantId, otherId, true);
    other = { id: otherId, token: (await login(t, 'demo', 'other@demo.test')).accessToken };

    // a second API process on the same database (another replica behind the load balancer)
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(t.config)] }).compile();
    replica = moduleRef.createNestApplication(createHttpAdapter(t.config), { logger: false });
    await configureApp(replica, t.config);
    await replica.init();
    await (replica.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
    replicaPort = await listen(replica);
  }, 60_000);

  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  afterAll(async () => {
    delete process.env['LIVE_HEARTBEAT_SECONDS'];
    await replica?.close();
    await t.close();
  });

  it("an operator's stream receives another operator's decisions: claimed, then approved; the customer gets insight.created", async () => {
    const supervisor = await operatorStream(demo.users.supervisor.token);
    expect(supervisor.status).toBe(200);
    expect(supervisor.headers['content-type']).toMatch(/^text\/event-stream/);
    const customer = await customerStream(demo.users.customer.token);
    expect(customer.status).toBe(200);

    const id = await plantFinding(t, demo.tenantId, demo.users.customer.id);
    expect((await post(demo.users.reviewer.token, id, 'claim', { version: 1 })).status).toBe(200);
    const claimedDecision = await supervisor.next(about(id, 'finding.decided'));
    expect(claimedDecision.data).toEqual({
      id,
      action: 'claimed',
      fromStatus: 'pending',
      status: 'in_review',
      version: 2,
      actorId: demo.users.reviewer.id,
      at: ISO,
    });
    const claimed = await supervisor.next(about(id, 'finding.claimed'));
    expect(claimed.data).toEqual({ id, version: 2, actorId: demo.users.reviewer.id, assigneeId: demo.users.reviewer.id, claimedAt: ISO });

    expect((await post(demo.users.reviewer.token, id, 'approve', { version: 2, title: 'A big grocery bill' })).status).toBe(200);
    const approved = await supervisor.next((e) => about(id, 'finding.decided')(e) && e.data.action === 'approved');
    expect(approved.data).toMatchObject({ id, fromStatus: 'in_review', status: 'approved', version: 3, actorId: demo.users.reviewer.id });
    const insight = await customer.next(about(id, 'insight.created'));
    expect(insight.data).toEqual({ id, type: 'anomaly', approvedAt: ISO });
    // customers see nothing of the operators' side, and the payloads carry no evidence or wording
    expect(customer.events.map((e) => e.type)).toEqual(['insight.created']);
    expect(supervisor.body + customer.body).not.toMatch(/evidence|grocery|Whole Foods/i);
  });

  it("another tenant's operator and another customer receive nothing of it", async () => {
    const acmeAdmin = await operatorStream(acme.users.admin.token);
    const otherCustomer = await customerStream(other.token);
    const demoAdmin = await operatorStream(demo.users.admin.token);

    const id = await plantFinding(t, demo.tenantId, demo.users.customer.id);
    await post(demo.users.supervisor.token, id, 'claim', { version: 1 });
    await post(demo.users.supervisor.token, id, 'approve', { version: 2 });
    await demoAdmin.next((e) => about(id)(e) && e.data.action === 'approved');

    // later events that these streams may see arrive after the earlier ones (one listening connection, commit order)
    const acmeId = await plantFinding(t, acme.tenantId, acme.users.customer.id);
    await post(acme.users.admin.token, acmeId, 'claim', { version: 1 });
    await acmeAdmin.next(about(acmeId, 'finding.claimed'));
    const otherId = await plantFinding(t, demo.tenantId, other.id);
    await post(demo.users.admin.token, otherId, 'claim', { version: 1 });
    await post(demo.users.admin.token, otherId, 'approve', { version: 2 });
    await otherCustomer.next(about(otherId, 'insight.created'));

    expect(acmeAdmin.events.map((e) => e.data.id)).toEqual([acmeId, acmeId]);
    expect(otherCustomer.events).toEqual([{ type: 'insight.created', id: expect.any(String), data: { id: otherId, type: 'anomaly', approvedAt: ISO } }]);
    // and the demo admin never sees acme's claim
    expect(demoAdmin.events.some((e) => e.data.id === acmeId)).toBe(false);
  });

  it('a decision made through another API process reaches the streams of this one (and the reverse)', async () => {
    const here = await operatorStream(demo.users.supervisor.token, 'header');
    const there = await stream('/api/findings/stream', demo.users.admin.token, 'query', replicaPort);
    expect(there.status).toBe(200);
    const id = await plantFinding(t, demo.tenantId, demo.users.customer.id);

    const res = await fetch(`http://127.0.0.1:${replicaPort}/api/findings/${id}/claim`, {
      method: 'POST',
      headers: { ...bearer(demo.users.reviewer.token), 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1 }),
    });
    expect(res.status).toBe(200);
    expect((await here.next(about(id, 'finding.decided'))).data).toMatchObject({ action: 'claimed', version: 2 });
    expect((await there.next(about(id, 'finding.decided'))).data).toMatchObject({ action: 'claimed', version: 2 });

    expect((await post(demo.users.reviewer.token, id, 'release', { version: 2 })).status).toBe(200);
    expect((await there.next((e) => about(id)(e) && e.data.action === 'released')).data).toMatchObject({ status: 'pending', version: 3 });
  });

  it('findings the analysis writes (worker processes) arrive as finding.created on commit; a rolled-back run sends nothing', async () => {
    const admin = await operatorStream(demo.users.admin.token);
    const draft = (n: number) => ({
      type: 'anomaly' as const,
      severity: 'high' as const,
      score: 0.9,
      title: `Unusual bill ${n}`,
      message: 'A bill far above your usual spending.',
      fingerprint: `anomaly:expense:${randomUUID()}`,
      pattern: `anomaly:merchant:test-${n}:amount`,
      evidence: { expense: { id: randomUUID(), amount: '900.00' }, detectors: { lof: 0.9 } },
      subject: {},
    });
    const write = (drafts: ReturnType<typeof draft>[]) => (em: any) =>
      writeFindings(em, {
        tenantId: demo.tenantId,
        customerId: demo.users.customer.id,
        runId: null,
        drafts: drafts as any,
        slaHours: { low: 72, medium: 48, high: 24 },
        reassessedTypes: [],
      });

    await expect(
      t.owner.transaction(async (em) => {
        await write([draft(1)])(em);
        throw new Error('the run failed');
      }),
    ).rejects.toThrow('the run failed');
    const written = await t.owner.transaction(write([draft(2), draft(3)]));
    expect(written.created).toHaveLength(2);

    await admin.until(() => admin.events.filter((e) => e.type === 'finding.created').length === 2, 5000, 'two finding.created');
    const created = admin.events.filter((e) => e.type === 'finding.created').map((e) => e.data);
    expect(created.map((c) => c.id).sort()).toEqual([...written.created].sort());
    expect(created[0]).toEqual({
      id: expect.any(String),
      customerId: demo.users.customer.id,
      type: 'anomaly',
      severity: 'high',
      score: 0.9,
      status: 'pending',
      version: 1,
      createdAt: ISO,
    });
    // nothing from the rolled-back transaction, even after a later event
    const later = await plantFinding(t, demo.tenantId, demo.users.customer.id);
    await post(demo.users.admin.token, later, 'claim', { version: 1 });
    await admin.next(about(later, 'finding.claimed'));
    expect(admin.events.filter((e) => e.type === 'finding.created')).toHaveLength(2);
  });

  it('every kind of decision is a finding.decided: bulk, snooze, assign, dismiss with four-eyes, confirm, reject, annotate', async () => {
    const s = await operatorStream(demo.users.reviewer.token);
    const sup = demo.users.supervisor;
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => plantFinding(t, demo.tenantId, demo.users.customer.id, { severity: 'high' })));

    expect((await t.http().post('/api/findings/bulk').set(bearer(sup.token)).send({ action: 'approve', ids: [a, b] })).status).toBe(200);
    await post(sup.token, c, 'assign', { version: 1, assigneeId: demo.users.reviewer.id });
    await post(demo.users.reviewer.token, c, 'snooze', { version: 2, until: new Date(Date.now() + 86_400_000).toISOString() });
    await post(demo.users.reviewer.token, d, 'claim', { version: 1 });
    await post(demo.users.reviewer.token, d, 'dismiss', { version: 2, reason: 'false_positive' });
    await post(sup.token, d, 'reject-dismissal', { version: 3 });
    await post(demo.users.reviewer.token, d, 'dismiss', { version: 4, reason: 'duplicate' });
    await post(sup.token, d, 'confirm-dismissal', { version: 5 });
    expect((await post(sup.token, d, 'annotate', { body: 'checked twice', visibility: 'internal' })).status).toBe(201);

    await s.until(() => s.events.some((e) => e.data.id === d && e.data.action === 'annotated'), 5000, 'the annotation');
    const decided = (id: string) => s.events.filter((e) => e.type === 'finding.decided' && e.data.id === id).map((e) => [e.data.action, e.data.status, e.data.version, e.data.actorId]);
    expect(decided(a)).toEqual([['approved', 'approved', 2, sup.id]]);
    expect(decided(b)).toEqual([['approved', 'approved', 2, sup.id]]);
    expect(decided(c)).toEqual([
      ['assigned', 'in_review', 2, sup.id],
      ['snoozed', 'snoozed', 3, demo.users.reviewer.id],
    ]);
    expect(decided(d)).toEqual([
      ['claimed', 'in_review', 2, demo.users.reviewer.id],
      ['dismissed', 'pending_second_review', 3, demo.users.reviewer.id],
      ['dismissal_rejected', 'in_review', 4, sup.id],
      ['dismissed', 'pending_second_review', 5, demo.users.reviewer.id],
      ['dismissal_confirmed', 'dismissed', 6, sup.id],
      ['annotated', 'dismissed', 6, sup.id],
    ]);
    // assign and a rejected dismissal leave a claim: finding.claimed names who holds it
    const claims = s.events.filter((e) => e.type === 'finding.claimed').map((e) => [e.data.id, e.data.assigneeId, e.data.version]);
    expect(claims).toEqual(
      expect.arrayContaining([
        [c, demo.users.reviewer.id, 2],
        [d, demo.users.reviewer.id, 2],
        [d, demo.users.reviewer.id, 4],
      ]),
    );
    expect(claims).toHaveLength(3);
  });

  it('authentication: 401 without a token or with a bad one; 403 for the wrong role; the query token only on the stream routes', async () => {
    const none = await stream('/api/findings/stream');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ statusCode: 401 });
    expect((await stream('/api/insights/stream')).status).toBe(401);
    expect((await operatorStream('not-a-token')).status).toBe(401);
    const wrongRole = await operatorStream(demo.users.customer.token);
    expect(wrongRole.status).toBe(403);
    expect(await wrongRole.json()).toMatchObject({ statusCode: 403 });
    expect((await customerStream(demo.users.reviewer.token)).status).toBe(403);
    expect((await operatorStream(demo.users.reviewer.token, 'header')).status).toBe(200);
    expect((await customerStream(demo.users.customer.token, 'header')).status).toBe(200);
    // elsewhere the query parameter is not a credential
    expect((await t.http().get(`/api/findings?access_token=${demo.users.admin.token}`)).status).toBe(401);
    expect((await t.http().get(`/api/insights?access_token=${demo.users.customer.token}`)).status).toBe(401);
  });

  it('heartbeats keep the stream open; the stream ends when the access token expires; closed streams are cleaned up', async () => {
    const hub = t.app.get(LiveHub);
    expect(hub.listening).toBe(true);
    // the streams of the earlier tests were closed by their clients: nothing of them is left
    await eventually(() => hub.subscribers === 0);
    const s = await operatorStream(demo.users.reviewer.token);
    await s.until(() => s.comments.filter((c) => c === 'heartbeat').length >= 2, 5000, 'two heartbeats');
    expect(s.comments[0]).toBe('connected');
    expect(hub.subscribers).toBe(1);
    s.close();
    await eventually(() => hub.subscribers === 0);

    const claims = jwt.decode(demo.users.customer.token) as Record<string, unknown>;
    const shortLived = jwt.sign({ ...claims, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 2 }, TEST_JWT_SECRET, { algorithm: 'HS256' });
    const expiring = await customerStream(shortLived);
    expect(expiring.status).toBe(200);
    await expiring.until(() => expiring.ended, 6000, 'the stream to end at expiry');
    expect(hub.subscribers).toBe(0);
    expect((await customerStream(shortLived)).status).toBe(401);
  });
});
