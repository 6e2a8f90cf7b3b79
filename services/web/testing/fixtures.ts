/**
 * Test fixtures of the web and OAI contexts: a whole app (as createTestApp builds it, plus
 * the page-size and cache settings these tests turn down), and records made through the
 * public HTTP API — published, with files, embargoed, restricted, deleted.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { SYSTEM } from '../../access/service.js';
import type { Role } from '../../access/tables.js';
import { buildApp, type AppDeps, type BuiltApp } from '../../app.js';
import { loadConfig, type Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/test-db.js';
import minimal from '../../records/testing/datacite-minimal.json' with { type: 'json' };

export interface Actor {
  id: string;
  auth: { authorization: string };
}

export interface WebTestApp extends BuiltApp {
  config: Config;
  database: TestDatabase;
  user(role?: Role): Promise<Actor>;
  close(): Promise<void>;
}

let counter = 0;

export async function createWebTestApp(options: { clock?: Clock; oai?: AppDeps['oai']; web?: AppDeps['web'] } = {}): Promise<WebTestApp> {
  const database = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-web-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://cairn.test', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const built = await buildApp({
    config,
    db: database.db,
    logger: false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.oai ? { oai: options.oai } : {}),
    ...(options.web ? { web: options.web } : {}),
  });
  await built.app.ready();
  return {
    ...built,
    config,
    database,
    async user(role: Role = 'depositor') {
      const u = await built.services.access.createUser(SYSTEM, { email: `web${++counter}-${Date.now()}@example.org`, role });
      const scopes = (role === 'depositor' ? undefined : ['records:read', 'records:write', 'records:publish', 'users:admin']) as never;
      const tok = await built.services.access.createToken(SYSTEM, u.id, { name: 'test', ...(scopes ? { scopes } : {}) });
      return { id: u.id, auth: { authorization: `Bearer ${tok.token}` } };
    },
    async close() {
      await built.app.close();
      await database.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

export interface RecordSpec {
  metadata?: Record<string, unknown>;
  access?: { record?: 'public' | 'restricted'; files?: 'public' | 'restricted'; embargo?: { active: boolean; until: string; reason?: string } };
  files?: Array<{ key: string; content: string | Buffer }>;
}

/** Creates, fills and publishes a record as `owner`; returns its id. */
export async function publishRecord(t: BuiltApp, owner: Actor, spec: RecordSpec = {}): Promise<string> {
  const files = spec.files ?? [];
  const headers = { ...owner.auth, 'content-type': 'application/json' };
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/records',
    headers,
    payload: { metadata: spec.metadata ?? minimal, files: { enabled: files.length > 0 }, ...(spec.access ? { access: spec.access } : {}) },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = json(created).id as string;
  await addFiles(t, owner, id, files);
  const published = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: owner.auth });
  expect(published.statusCode, published.body).toBe(202);
  return id;
}

async function addFiles(t: BuiltApp, owner: Actor, id: string, files: NonNullable<RecordSpec['files']>): Promise<void> {
  if (files.length === 0) return;
  const declared = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/files`, headers: { ...owner.auth, 'content-type': 'application/json' }, payload: files.map((f) => ({ key: f.key })) });
  expect(declared.statusCode, declared.body).toBe(201);
  for (const f of files) {
    const key = encodeURIComponent(f.key);
    const put = await t.app.inject({ method: 'PUT', url: `/api/records/${id}/draft/files/${key}/content`, headers: { ...owner.auth, 'content-type': 'application/octet-stream' }, payload: Buffer.from(f.content) });
    expect(put.statusCode, put.body).toBe(200);
    const commit = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/files/${key}/commit`, headers: owner.auth });
    expect(commit.statusCode, commit.body).toBe(200);
  }
}

/** Publishes a new version of `id` with `metadata` (metadata-only); returns the new version's id. */
export async function publishNewVersion(t: BuiltApp, owner: Actor, id: string, metadata: Record<string, unknown>): Promise<string> {
  const draft = await t.app.inject({ method: 'POST', url: `/api/records/${id}/versions`, headers: owner.auth });
  expect(draft.statusCode, draft.body).toBe(201);
  const newId = json(draft).id as string;
  const put = await t.app.inject({ method: 'PUT', url: `/api/records/${newId}/draft`, headers: { ...owner.auth, 'content-type': 'application/json' }, payload: { metadata, files: { enabled: false } } });
  expect(put.statusCode, put.body).toBe(200);
  const published = await t.app.inject({ method: 'POST', url: `/api/records/${newId}/draft/actions/publish`, headers: owner.auth });
  expect(published.statusCode, published.body).toBe(202);
  return newId;
}

/** Edits a published record's metadata (edit draft + publish). */
export async function editRecord(t: BuiltApp, owner: Actor, id: string, metadata: Record<string, unknown>, access?: RecordSpec['access']): Promise<void> {
  const draft = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft`, headers: owner.auth });
  expect(draft.statusCode, draft.body).toBe(201);
  const current = json(draft);
  const put = await t.app.inject({
    method: 'PUT',
    url: `/api/records/${id}/draft`,
    headers: { ...owner.auth, 'content-type': 'application/json' },
    payload: { metadata, access: access ?? current.access, files: current.files },
  });
  expect(put.statusCode, put.body).toBe(200);
  const published = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: owner.auth });
  expect(published.statusCode, published.body).toBe(202);
}

/** Deletes a published record (a curator's act), leaving a tombstone. */
export async function deleteRecord(t: BuiltApp, curator: Actor, id: string, reason: string): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: `/api/records/${id}/delete`, headers: { ...curator.auth, 'content-type': 'application/json' }, payload: { reason } });
  expect(res.statusCode, res.body).toBe(204);
}

/** A date `days` from today, as YYYY-MM-DD. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
