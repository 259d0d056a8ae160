import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createUser, login, plantLedger, setConsent, startTestApp, tenantWithEveryRole, TenantFixture, TestApp } from '@spendguard/server-testing';
import { SHEETS } from '@spendguard/reports';
import { AppModule } from '../src/app/app.module';

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const FROM = '2026-01-01';
const TO = '2026-10-31';

describe('Excel reports (HTTP, real PostgreSQL, in-process worker)', () => {
  let t: TestApp;
  let demo: TenantFixture;
  let acme: TenantFixture;
  let other: { id: string; token: string };
  let acmeCustomerLedger: Array<{ id: string }>;
  let ledger: Array<{ id: string; amount: number; date: string }>;
  const findingIds: Record<string, string> = {};

  async function plant(tenantId: string, customerId: string, status: string, title: string, expenseId: string): Promise<string> {
    const [row] = await t.owner.query(
      `INSERT INTO findings (tenant_id, user_id, type, severity, score, status, title, message, original_title, original_message,
                             evidence, subject, fingerprint, pattern, created_at, approved_at, decided_at, dismiss_reason)
       VALUES ($1, $2, 'anomaly', 'high', 0.91, $3::varchar, $4, 'A payment far above your usual.', $4, 'orig', $5, $6, $7, $7,
               '2026-09-15T12:00:00Z', CASE WHEN $3::varchar = 'approved' THEN now() END,
               CASE WHEN $3::varchar IN ('approved', 'dismissed') THEN now() END, CASE WHEN $3::varchar = 'dismissed' THEN 'false_positive' END)
       RETURNING id`,
      [tenantId, customerId, status, title, JSON.stringify({ reasons: [`reason for ${title}`] }), JSON.stringify({ expenseIds: [expenseId] }), `test:${title}`],
    );
    return row.id;
  }

  async function waitFor(token: string, id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 240; i++) {
      const res = await t.http().get(`/api/reports/${id}`).set(as(token));
      if (res.status !== 200) throw new Error(`GET report ${res.status} ${JSON.stringify(res.body)}`);
      if (res.body.status === 'succeeded' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('report not generated in time');
  }

  async function workbookOf(token: string, id: string): Promise<{ wb: ExcelJS.Workbook; cells: string[]; zip: JSZip; res: { headers: Record<string, string> } }> {
    const res = await t
      .http()
      .get(`/api/reports/${id}/download`)
      .set(as(token))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
    return { wb, cells, zip: await JSZip.loadAsync(res.body as Buffer), res: res as unknown as { headers: Record<string, string> } };
  }

  /** Budget versus actual by month as the summary sheet lists it, as 'month|category|budget|spent|remaining|percent'. */
  function sheetBudgetLines(wb: ExcelJS.Workbook): string[] {
    const summary = wb.getWorksheet(SHEETS.summary)!;
    let header = 0;
    summary.eachRow((row, n) => {
      if (row.getCell(1).value === 'Budget versus actual by month') header = n + 1;
    });
    expect(header).toBeGreaterThan(0);
    const lines: string[] = [];
    for (let r = header + 1; summary.getCell(r, 1).value; r++) {
      const c = (i: number) => summary.getCell(r, i).value;
      lines.push([c(1), c(2), Number(c(3)).toFixed(2), Number(c(4)).toFixed(2), Number(c(5)).toFixed(2), c(6) === null ? null : Math.round(Number(c(6)) * 1000) / 10].join('|'));
    }
    return lines;
  }

  /** The same lines from GET /api/budgets/status for each month of 2026-01..2026-10. */
  async function apiBudgetLines(token: string): Promise<string[]> {
    const lines: string[] = [];
    for (let m = 1; m <= 10; m++) {
      const month = `2026-${String(m).padStart(2, '0')}`;
      const status = await t.http().get('/api/budgets/status').set(as(token)).query({ month });
      expect(status.status).toBe(200);
      for (const i of status.body.items) lines.push([month, i.category, i.budget, i.spent, i.remaining, i.percentUsed].join('|'));
    }
    return lines;
  }

  async function setBudgets(token: string): Promise<void> {
    const cats = (await t.http().get('/api/categories').set(as(token))).body.items as Array<{ id: string; name: string }>;
    for (const [name, amount] of [['Groceries', '450'], ['Dining', '120'], ['Transport', '90']]) {
      const res = await t.http().put('/api/budgets').set(as(token)).send({ categoryId: cats.find((c) => c.name === name)!.id, amount });
      expect(res.status).toBe(200);
    }
  }

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config), { RUN_WORKER: 'true', WORKER_CONCURRENCY: '1' });
    demo = await tenantWithEveryRole(t, 'demo');
    acme = await tenantWithEveryRole(t, 'acme');
    const otherId = await createUser(t.owner, demo.tenantId, { email: 'other@demo.test', role: 'customer', displayName: 'Olga Other' });
    other = { id: otherId, token: (await login(t, 'demo', 'other@demo.test')).accessToken };
    ledger = await plantLedger(t.owner, demo.tenantId, demo.users.customer.id, { seed: 'report-int', months: 22, endDate: '2026-10-31' });
    await plantLedger(t.owner, demo.tenantId, other.id, { seed: 'report-other', months: 22, endDate: '2026-10-31' });
    acmeCustomerLedger = await plantLedger(t.owner, acme.tenantId, acme.users.customer.id, { seed: 'report-acme', months: 6, endDate: '2026-10-31' });
    await setBudgets(demo.users.customer.token);
    await setBudgets(other.token);
    // the demo customer has granted analysis consent; Olga has not (a new customer's default)
    await setConsent(t.owner, demo.tenantId, demo.users.customer.id, true);
    const inPeriod = ledger.filter((e) => e.date >= FROM && e.date <= TO).sort((a, b) => b.amount - a.amount);
    findingIds.approved = await plant(demo.tenantId, demo.users.customer.id, 'approved', 'Approved big payment', inPeriod[0].id);
    findingIds.pending = await plant(demo.tenantId, demo.users.customer.id, 'pending', 'Pending odd charge', inPeriod[1].id);
    findingIds.dismissed = await plant(demo.tenantId, demo.users.customer.id, 'dismissed', 'Dismissed false alarm', inPeriod[2].id);
    findingIds.others = await plant(demo.tenantId, other.id, 'approved', 'Olga approved finding', inPeriod[0].id);
  });
  afterAll(() => t.close());

  it('needs a token for every route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await t.http().post('/api/reports').send({ from: FROM, to: TO })).status).toBe(401);
    expect((await t.http().get(`/api/reports/${id}`)).status).toBe(401);
    expect((await t.http().get(`/api/reports/${id}/download`)).status).toBe(401);
  });

  it('refuses bad periods with a clear message', async () => {
    const token = demo.users.customer.token;
    for (const [body, message] of [
      [{ from: '2026-05-01', to: '2026-04-30' }, 'from must not be after to'],
      [{ from: '2026-02-30', to: '2026-03-31' }, 'from must be a date as YYYY-MM-DD'],
      [{ from: '2026-01-01', to: '31.03.2026' }, 'to must be a date as YYYY-MM-DD'],
      [{ from: '2024-01-01', to: '2026-10-31' }, 'A report covers at most 24 months; this period spans 34'],
      [{ to: '2026-10-31' }, 'from must be a date as YYYY-MM-DD'],
    ] as const) {
      const res = await t.http().post('/api/reports').set(as(token)).send(body);
      expect({ body, status: res.status, message: JSON.stringify(res.body.message) }).toEqual({ body, status: 400, message: expect.stringContaining(message) });
    }
  });

  it('keeps customers to their own approved findings and operators to their tenant', async () => {
    const customer = demo.users.customer.token;
    expect((await t.http().post('/api/reports').set(as(customer)).send({ from: FROM, to: TO, includePending: true })).status).toBe(403);
    expect((await t.http().post('/api/reports').set(as(customer)).send({ from: FROM, to: TO, customerId: other.id })).status).toBe(400);
    const reviewer = demo.users.reviewer.token;
    const missing = await t.http().post('/api/reports').set(as(reviewer)).send({ from: FROM, to: TO });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('customerId is required for operators');
    expect((await t.http().post('/api/reports').set(as(reviewer)).send({ from: FROM, to: TO, customerId: acme.users.customer.id })).status).toBe(404);
    expect((await t.http().post('/api/reports').set(as(reviewer)).send({ from: FROM, to: TO, customerId: demo.users.admin.id })).status).toBe(404);
  });

  it("generates the customer's workbook with the API's numbers, approved findings only, nothing of anyone else", async () => {
    const token = demo.users.customer.token;
    const created = await t.http().post('/api/reports').set(as(token)).send({ from: FROM, to: TO });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', audience: 'customer', includesPending: false, from: FROM, to: TO, customerId: demo.users.customer.id, downloadUrl: null });
    const done = await waitFor(token, created.body.id);
    expect(done).toMatchObject({ status: 'succeeded', downloadUrl: `/api/reports/${created.body.id}/download` });
    const { wb, cells, zip, res } = await workbookOf(token, created.body.id);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="spendguard-report-${FROM}-to-${TO}.xlsx"`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));

    // total and per-month totals equal GET /api/expenses for the period
    const apiByMonth = new Map<string, number>();
    let cursor: string | null = null;
    let listed = 0;
    do {
      const page: { status: number; body: { items: Array<{ amount: string; occurredOn: string }>; nextCursor: string | null } } = await t
        .http()
        .get('/api/expenses')
        .set(as(token))
        .query({ from: FROM, to: TO, limit: 500, ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      for (const e of page.body.items) {
        const m = e.occurredOn.slice(0, 7);
        apiByMonth.set(m, (apiByMonth.get(m) ?? 0) + Math.round(Number(e.amount) * 100));
      }
      listed += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    const trends = wb.getWorksheet(SHEETS.trends)!;
    const totalCol = trends.getRow(1).cellCount;
    expect(trends.getCell(1, totalCol).value).toBe('Total');
    for (let r = 2; r <= 11; r++) {
      const month = String(trends.getCell(r, 1).value);
      expect({ month, cents: Math.round(Number(trends.getCell(r, totalCol).value) * 100) }).toEqual({ month, cents: apiByMonth.get(month) ?? 0 });
    }
    const summary = wb.getWorksheet(SHEETS.summary)!;
    expect(summary.getCell('A2').value).toBe('Total spent');
    expect(Math.round(Number(summary.getCell('B2').value) * 100)).toBe([...apiByMonth.values()].reduce((a, b) => a + b, 0));
    expect(summary.getCell('B3').value).toBe(listed);

    // budget versus actual by month equals GET /api/budgets/status for each month
    const apiLines = await apiBudgetLines(token);
    expect(sheetBudgetLines(wb)).toEqual(apiLines);
    expect(apiLines).toHaveLength(30);

    // with analysis consent: forecasts, drift, recurring charges and groups, no consent note
    const forecast = wb.getWorksheet(SHEETS.forecast)!;
    expect(forecast.getCell('A1').value).toBe('Month');
    expect(forecast.getCell('A2').value).toMatch(/^\d{4}-\d{2}$/);
    expect(wb.getWorksheet(SHEETS.drift)!.getCell('A2').value).toBe('Jensen-Shannon distance');
    expect(wb.getWorksheet(SHEETS.recurring)!.getCell('A1').value).toBe('Merchant');
    expect(wb.getWorksheet(SHEETS.groups)!.getCell('A1').value).toBe('Group');
    expect(cells.some((c) => c.includes('has not granted analysis consent'))).toBe(false);

    // findings: the approved one only, in the customer-facing wording
    const anomalies = wb.getWorksheet(SHEETS.anomalies)!;
    expect(anomalies.getCell('K2').value).toBe('Approved big payment');
    expect(anomalies.getCell('E2').value).toBe('approved');
    expect(anomalies.getCell('K3').value).toBeNull();
    for (const text of ['Pending odd charge', 'Dismissed false alarm', 'Olga approved finding', 'Olga Other', 'reason for']) {
      expect(cells.some((c) => c.includes(text))).toBe(false);
    }
    // no expense of the other customer or of the other tenant appears (the scatter's data are this customer's)
    const media = Object.keys(zip.files).filter((p) => p.startsWith('xl/media/') && !zip.files[p].dir);
    expect(media).toHaveLength(1);
    expect(Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p)).length).toBeGreaterThanOrEqual(3);
    expect(acmeCustomerLedger.length).toBeGreaterThan(0);
    const cover = wb.getWorksheet(SHEETS.cover)!;
    expect(cover.getCell('B4').value).toBe('customer');
    expect(cover.getCell('B7').value).toBe(`${FROM} to ${TO}`);

    // the customer's own report is theirs alone
    expect((await t.http().get(`/api/reports/${created.body.id}`).set(as(other.token))).status).toBe(404);
    expect((await t.http().get(`/api/reports/${created.body.id}/download`).set(as(other.token))).status).toBe(404);
    expect((await t.http().get(`/api/reports/${created.body.id}`).set(as(acme.users.admin.token))).status).toBe(404);
    expect((await t.http().get(`/api/reports/${created.body.id}`).set(as(demo.users.supervisor.token))).status).toBe(200);
  });

  it('leaves forecasts, drift, recurring charges and groups out of the report of a customer without analysis consent, and says so', async () => {
    const created = await t.http().post('/api/reports').set(as(other.token)).send({ from: FROM, to: TO });
    expect(created.status).toBe(202);
    expect(await waitFor(other.token, created.body.id)).toMatchObject({ status: 'succeeded' });
    const { wb, cells, zip } = await workbookOf(other.token, created.body.id);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));

    // the descriptive numbers are the API's
    const apiLines = await apiBudgetLines(other.token);
    expect(sheetBudgetLines(wb)).toEqual(apiLines);
    expect(apiLines).toHaveLength(30);
    const trends = wb.getWorksheet(SHEETS.trends)!;
    expect(trends.getCell(1, 1).value).toBe('Month');
    expect(trends.getCell(11, 1).value).toBe('2026-10');
    // her approved finding stays (approved while she had consent)
    expect(wb.getWorksheet(SHEETS.anomalies)!.getCell('K2').value).toBe('Olga approved finding');

    // no modelled content: a plain note instead, on the cover and on each of those sheets
    const cover = wb.getWorksheet(SHEETS.cover)!;
    const coverValues = new Map<string, unknown>();
    cover.eachRow((r) => coverValues.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(coverValues.get('Analysis')).toBe(
      'Forecasts, drift, regular payments and category groups are not included: Olga Other has not granted analysis consent.',
    );
    for (const [sheet, what] of [
      [SHEETS.forecast, 'No forecasts'],
      [SHEETS.drift, 'No drift analysis'],
      [SHEETS.recurring, 'No regular payments'],
      [SHEETS.groups, 'No category groups'],
    ] as const) {
      const ws = wb.getWorksheet(sheet)!;
      expect({ sheet, a1: ws.getCell('A1').value, rows: ws.actualRowCount }).toEqual({ sheet, a1: `${what}: Olga Other has not granted analysis consent.`, rows: 1 });
    }
    expect(cells.some((c) => /^Forecast per category$|^Jensen-Shannon distance$|^Next expected$|^Typical of the group$/.test(c))).toBe(false);
    const chartXml = await Promise.all(Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p)).map((p) => zip.file(p)!.async('string')));
    expect(chartXml).toHaveLength(2);
    for (const xml of chartXml) expect(xml).not.toMatch(/<c:f>'(Forecast|Drift)'!/);
  });

  it("gives operators the customer's report with pending findings, says so, and hides it from the customer", async () => {
    const reviewer = demo.users.reviewer.token;
    const created = await t.http().post('/api/reports').set(as(reviewer)).send({ from: FROM, to: TO, customerId: demo.users.customer.id });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ audience: 'operator', includesPending: true });
    expect(await waitFor(reviewer, created.body.id)).toMatchObject({ status: 'succeeded' });
    const { wb, cells } = await workbookOf(reviewer, created.body.id);
    // both were raised at the same time: the order between them is by id
    const sheet = wb.getWorksheet(SHEETS.anomalies)!;
    const rowsOf = [2, 3, 4].map((r) => [sheet.getCell(r, 11).value, sheet.getCell(r, 5).value, sheet.getCell(r, 13).value]);
    expect(rowsOf[2]).toEqual([null, null, null]);
    expect(rowsOf.slice(0, 2).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['Approved big payment', 'approved', 'reason for Approved big payment'],
      ['Pending odd charge', 'pending', 'reason for Pending odd charge'],
    ]);
    expect(cells.some((c) => c.includes('INCLUDES FINDINGS PENDING REVIEW'))).toBe(true);
    expect(cells.some((c) => c.includes('Olga'))).toBe(false);
    expect((await t.http().get(`/api/reports/${created.body.id}`).set(as(demo.users.customer.token))).status).toBe(404);
    expect((await t.http().get(`/api/reports/${created.body.id}/download`).set(as(demo.users.customer.token))).status).toBe(404);
    expect((await t.http().get(`/api/reports/${created.body.id}/download`).set(as(acme.users.reviewer.token))).status).toBe(404);
  });

  it('answers 409 before the workbook exists and 410 once the report expired', async () => {
    const [queued] = await t.owner.query(
      `INSERT INTO reports (tenant_id, customer_id, requested_by, audience, period_from, period_to, status, expires_at)
       VALUES ($1, $2, $2, 'customer', $3, $4, 'queued', now() + interval '1 hour') RETURNING id`,
      [demo.tenantId, demo.users.customer.id, FROM, TO],
    );
    const early = await t.http().get(`/api/reports/${queued.id}/download`).set(as(demo.users.customer.token));
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('This report is not ready yet (status queued); try again shortly');

    const token = demo.users.customer.token;
    const created = await t.http().post('/api/reports').set(as(token)).send({ from: '2026-09-01', to: '2026-09-30' });
    await waitFor(token, created.body.id);
    await t.owner.query(`UPDATE reports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [created.body.id]);
    const status = await t.http().get(`/api/reports/${created.body.id}`).set(as(token));
    expect(status.status).toBe(410);
    expect(status.body.message).toMatch(/^This report expired at .*; request a new one$/);
    expect((await t.http().get(`/api/reports/${created.body.id}/download`).set(as(token))).status).toBe(410);
    // the next request drops expired workbooks
    await t.http().post('/api/reports').set(as(token)).send({ from: '2026-09-01', to: '2026-09-30' });
    const [row] = await t.owner.query(`SELECT content IS NULL AS dropped FROM reports WHERE id = $1`, [created.body.id]);
    expect(row.dropped).toBe(true);
  });

  it('expires reports after REPORT_TTL_HOURS', async () => {
    const created = await t.http().post('/api/reports').set(as(demo.users.customer.token)).send({ from: FROM, to: TO });
    const hours = (Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)) / 3_600_000;
    expect(hours).toBeCloseTo(t.config.reportTtlHours, 3);
    expect(t.config.reportTtlHours).toBe(24);
  });
});
