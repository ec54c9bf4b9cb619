import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe('health, readiness, OpenAPI and the dashboard mount', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is live and ready while the database answers', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: t.database.kind });
  });

  it('publishes an OpenAPI document generated from the zod schemas', async () => {
    const res = await t.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/bots', '/api/v1/bots/{id}', '/api/v1/auth/login']));
    const create = doc.paths['/api/v1/bots'].post;
    expect(create.requestBody.content['application/json'].schema.properties.name.type).toBe('string');
    expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    const ui = await t.app.inject('/docs');
    expect(ui.statusCode).toBeLessThan(400);
  });

  it('serves the meta endpoint publicly', async () => {
    const meta = await t.app.inject('/api/v1/meta');
    expect(meta.json()).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), publicUrl: 'http://parley.test' });
  });

  it('redirects / to the dashboard, caches hashed assets forever and index.html never', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-dash-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Parley</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    const withDash = await createTestApp({ DASHBOARD_DIR: dir });
    try {
      const root = await withDash.app.inject('/');
      expect(root.statusCode).toBe(302);
      expect(root.headers.location).toBe('/app/');
      for (const path of ['/app/', '/app/bots/123', '/app/invite/abc?x=1']) {
        const page = await withDash.app.inject(path);
        expect(page.statusCode, path).toBe(200);
        expect(page.headers['content-type']).toContain('text/html');
        expect(page.headers['cache-control']).toBe('no-cache');
        expect(page.body).toContain('<title>Parley</title>');
      }
      const asset = await withDash.app.inject('/app/assets/index-abc123.js');
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // A missing file under a GET route is 404 (not 405: GET is allowed there); another method is 405.
      expect((await withDash.app.inject('/app/assets/missing.js')).statusCode).toBe(404);
      const put = await withDash.app.inject({ method: 'PUT', url: '/app/assets/missing.js' });
      expect(put.statusCode).toBe(405);
      expect(put.headers.allow).toBe('GET, HEAD');
    } finally {
      await withDash.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells how to build the dashboard when it is missing', async () => {
    const noDash = await createTestApp({ DASHBOARD_DIR: join(tmpdir(), 'parley-no-such-dir') });
    try {
      const res = await noDash.app.inject('/app/');
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await noDash.close();
    }
  });

  it('serves the loader script (short cache) and says how to build it when missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-loader-'));
    const file = join(dir, 'loader.js');
    writeFileSync(file, '(()=>{})();');
    const withLoader = await createTestApp({ LOADER_FILE: file });
    const without = await createTestApp({ LOADER_FILE: join(dir, 'missing.js') });
    try {
      const res = await withLoader.app.inject('/widget/v1/loader.js');
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('(()=>{})();');
      expect(res.headers['content-type']).toContain('application/javascript');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      const missing = await without.app.inject('/widget/v1/loader.js');
      expect(missing.statusCode).toBe(503);
      expect(missing.json().detail).toContain('npm run build');
    } finally {
      await withLoader.close();
      await without.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 not_ready when the database is gone', async () => {
    const other = await createTestApp();
    await other.database.close();
    const res = await other.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('not_ready');
    await other.app.close();
  });
});
