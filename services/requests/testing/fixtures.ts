/** HTTP helpers for the requests suites: drafts, published records, uploads and requests, through `app.inject`. */
import { expect } from 'vitest';
import minimal from '../../records/testing/datacite-minimal.json' with { type: 'json' };
import { body, type TestApp, type TestUser } from '../../platform/testing/test-app.js';

export { minimal };

const enc = encodeURIComponent;

export function fixtures(t: TestApp) {
  const json = (user?: TestUser) => ({ ...(user?.auth ?? {}), 'content-type': 'application/json' });
  const post = (user: TestUser | undefined, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: payload === undefined ? (user?.auth ?? {}) : json(user), ...(payload === undefined ? {} : { payload }) });
  const get = (user: TestUser | undefined, url: string) => t.app.inject({ method: 'GET', url, headers: user?.auth ?? {} });
  const put = (user: TestUser, url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'PUT', url, headers: { ...json(user), ...headers }, payload });

  async function draft(user: TestUser, payload: object = {}): Promise<string> {
    const res = await post(user, '/api/records', { metadata: minimal, files: { enabled: false }, ...payload });
    expect(res.statusCode).toBe(201);
    return body(res).id as string;
  }

  async function upload(user: TestUser, id: string, key: string, data: Buffer | string): Promise<void> {
    expect((await post(user, `/api/records/${id}/draft/files`, [{ key }] as unknown as object)).statusCode).toBe(201);
    const put = await t.app.inject({ method: 'PUT', url: `/api/records/${id}/draft/files/${enc(key)}/content`, headers: { ...user.auth, 'content-type': 'application/octet-stream' }, payload: Buffer.from(data) });
    expect(put.statusCode).toBe(200);
    expect((await post(user, `/api/records/${id}/draft/files/${enc(key)}/commit`)).statusCode).toBe(200);
  }

  const publish = (user: TestUser, id: string) => post(user, `/api/records/${id}/draft/actions/publish`);

  async function published(user: TestUser, payload: object = {}): Promise<string> {
    const id = await draft(user, payload);
    const res = await publish(user, id);
    expect(res.statusCode, res.body).toBe(202);
    return id;
  }

  /** A published metadata-only record whose embargo (restricted record) ends on `until`. */
  const embargoed = (user: TestUser, until: string) => published(user, { access: { record: 'restricted', files: 'restricted', embargo: { active: true, until, reason: 'Thesis pending' } } });

  /** A published record with public metadata and one restricted file. */
  async function restrictedFiles(user: TestUser): Promise<string> {
    const id = await draft(user, { files: { enabled: true }, access: { record: 'public', files: 'restricted' } });
    await upload(user, id, 'scan.bin', 'restricted bytes');
    const res = await publish(user, id);
    expect(res.statusCode, res.body).toBe(202);
    return id;
  }

  /** Performs an action on a request; returns the response. */
  const act = (user: TestUser | undefined, requestId: string, action: string, payload?: object) => post(user, `/api/requests/${requestId}/actions/${action}`, payload);

  return { json, post, get, put, draft, upload, publish, published, embargoed, restrictedFiles, act };
}
