import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { IS_PUBLIC, ROLES } from '@spendguard/server-core';
import { startTestApp, TestApp } from '@spendguard/server-testing';
import { AppModule } from '../src/app/app.module';
import { mountWebApps } from '../src/web-apps';

describe('platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp((config) => AppModule.forRoot(config));
  });
  afterAll(() => t.close());

  it('health answers 200 and readiness checks the database', async () => {
    expect((await t.http().get('/api/health')).body).toEqual({ status: 'ok' });
    const ready = await t.http().get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
    expect(ready.body.info.queue.status).toBe('up');
  });

  it('every route is either public or names the roles allowed on it', () => {
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const scanner = new MetadataScanner();
    const reflector = t.app.get(Reflector);
    const routes: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object;
      const proto = Object.getPrototypeOf(instance);
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name];
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const isPublic = reflector.getAllAndOverride(IS_PUBLIC, [handler, wrapper.metatype as object]);
        const roles = reflector.getAllAndOverride(ROLES, [handler, wrapper.metatype as object]);
        routes.push(`${wrapper.name}.${name}`);
        expect({ route: `${wrapper.name}.${name}`, ok: isPublic === true || (Array.isArray(roles) && roles.length > 0) }).toEqual({
          route: `${wrapper.name}.${name}`,
          ok: true,
        });
      }
    }
    expect(routes.length).toBeGreaterThan(10);
  });

  it('serves the OpenAPI document with bearer auth and request/response schemas for every operation', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations: Array<[string, string, any]> = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) operations.push([path, method, op]);
    }
    expect(operations.map(([p, m]) => `${m.toUpperCase()} ${p}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/refresh', 'GET /api/auth/me', 'PATCH /api/admin/tenant']),
    );
    for (const [path, method, op] of operations) {
      const success = Object.entries<any>(op.responses).find(([code]) => code.startsWith('2'));
      expect({ op: `${method} ${path}`, hasSuccess: !!success }).toEqual({ op: `${method} ${path}`, hasSuccess: true });
      if (success && success[0] !== '204') {
        // JSON for everything except downloads and event streams, which document their own media type
        const content = success[1].content ?? {};
        const schema =
          content['application/json']?.schema ??
          content['text/csv']?.schema ??
          content['text/event-stream']?.schema ??
          content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']?.schema;
        expect({ op: `${method} ${path}`, schema: !!schema }).toEqual({
          op: `${method} ${path}`,
          schema: true,
        });
      }
      const isPublic = ['/api/health', '/api/health/ready', '/api/auth/register', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout'].includes(path);
      expect({ op: `${method} ${path}`, bearer: !!op.security?.some((s: Record<string, unknown>) => 'bearer' in s) }).toEqual({
        op: `${method} ${path}`,
        bearer: !isPublic,
      });
      if (['post', 'put', 'patch'].includes(method) && !path.endsWith('/logout')) {
        expect({ op: `${method} ${path}`, body: !!op.requestBody }).toEqual({ op: `${method} ${path}`, body: true });
      }
    }
    expect((await t.http().get('/api/docs')).status).toBe(200);
  });

  it('sets security headers and a request id, and echoes a sane incoming request id', async () => {
    const res = await t.http().get('/api/health').set('x-request-id', 'abc-123-def-456');
    expect(res.headers['x-request-id']).toBe('abc-123-def-456');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const odd = await t.http().get('/api/health').set('x-request-id', 'bad id with spaces');
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('marks API answers as never to be stored by a cache (and spends nothing on ETags)', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['etag']).toBeUndefined();
  });

  it('unknown routes answer 401 before revealing anything, and 404 once authenticated', async () => {
    expect((await t.http().get('/api/nope')).status).toBe(404);
  });

  it('answers unreadable bodies with a 4xx in the API error shape', async () => {
    const login = () => t.http().post('/api/auth/login');
    const huge = await login().set('content-type', 'application/json').send(`{"email":"${'x'.repeat(13 * 1024 * 1024)}"}`);
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: 'The request body is too large' });
    const empty = await login().set('content-type', 'application/json').send('');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/cannot be empty/);
    const xml = await login().set('content-type', 'application/xml').send('<login/>');
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect(JSON.stringify(xml.body)).not.toMatch(/stack|node_modules/);
  });
});

describe('the front ends in the all-in-one mode', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'spendguard-web-'));
    for (const app of ['console', 'portal']) {
      mkdirSync(path.join(dist, app));
      writeFileSync(path.join(dist, app, 'index.html'), `<!doctype html><title>${app}</title>`);
      writeFileSync(path.join(dist, app, 'main-ABCD1234.js'), `console.log('${app}')`);
      writeFileSync(path.join(dist, app, 'favicon.ico'), 'icon');
    }
    writeFileSync(path.join(dist, 'secret.txt'), 'not for the web');
    t = await startTestApp((config) => AppModule.forRoot(config), {}, (app) => mountWebApps(app, dist, () => undefined));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves each app, its deep links as index.html (never cached) and hashed bundles cached for a year', async () => {
    for (const url of ['/console', '/console/', '/console/findings/123', '/portal/expenses']) {
      const res = await t.http().get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.text).toContain(`<title>${url.split('/')[1]}</title>`);
    }
    const bundle = await t.http().get('/console/main-ABCD1234.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http().get('/portal/favicon.ico')).headers['cache-control']).toBe('no-cache');
  });

  it('answers missing files and paths outside an app with 404, and leads / to the portal', async () => {
    const missing = await t.http().get('/console/missing-ABCD1234.js');
    expect(missing.status).toBe(404);
    expect(missing.body.statusCode).toBe(404);
    for (const escape of ['/console/../secret.txt', '/console/%2e%2e/secret.txt', '/console/..%2fsecret.txt']) {
      const res = await t.http().get(escape);
      expect([403, 404]).toContain(res.status);
      expect(res.text).not.toContain('not for the web');
    }
    const root = await t.http().get('/');
    expect(root.status).toBe(302);
    expect(root.headers['location']).toBe('/portal/');
  });
});
