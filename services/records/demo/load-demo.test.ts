import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../../platform/testing/test-app.js';
import { DEMO_RECORDS } from './demo-records.js';
import { loadDemoData } from './load-demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('publishes valid demo records with downloadable files into an empty database, once', async () => {
    expect(await loadDemoData(t.services)).toBe(DEMO_RECORDS.length);
    expect(await loadDemoData(t.services)).toBe(0);
    const ids = await t.database.db.selectFrom('records').select('id').execute();
    expect(ids).toHaveLength(DEMO_RECORDS.length);
    for (const { id } of ids) {
      const files = body(await t.app.inject({ method: 'GET', url: `/api/records/${id}/files` }));
      expect(files.entries.length).toBeGreaterThan(0);
      const first = files.entries[0];
      const content = await t.app.inject({ method: 'GET', url: `/api/records/${id}/files/${encodeURIComponent(first.key)}/content` });
      expect(content.statusCode).toBe(200);
      expect(content.rawPayload.length).toBe(first.size);
    }
  });
});

describe('API docs', () => {
  it('serves Swagger UI at /api/docs and the spec as JSON', async () => {
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const spec = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(body(spec).paths['/api/records/{id}/draft/actions/publish']).toBeDefined();
  });
});

describe('blob release through the outbox', () => {
  it('removes the bytes of a deleted draft once the worker runs', async () => {
    const user = await t.user();
    const draft = body(await t.app.inject({ method: 'POST', url: '/api/records', headers: { ...user.auth, 'content-type': 'application/json' }, payload: {} }));
    const data = Buffer.from(`unique bytes ${Date.now()}`);
    await t.app.inject({ method: 'POST', url: `/api/records/${draft.id}/draft/files`, headers: { ...user.auth, 'content-type': 'application/json' }, payload: [{ key: 'x.bin' }] });
    const put = body(await t.app.inject({ method: 'PUT', url: `/api/records/${draft.id}/draft/files/x.bin/content`, headers: { ...user.auth, 'content-type': 'application/octet-stream' }, payload: data }));
    const sha = put.checksums.sha256 as string;
    const blob = () => t.database.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha).executeTakeFirst();
    expect(await blob()).toBeDefined();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/records/${draft.id}/draft`, headers: user.auth })).statusCode).toBe(204);
    expect(await blob()).toBeDefined();
    await t.outbox.drain();
    expect(await blob()).toBeUndefined();
  });
});
