/**
 * A whole app on a fresh test database and a temp DATA_DIR, plus users with tokens.
 * Tests talk to it through `app.inject` (HTTP without a socket).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { SYSTEM } from '../../access/service.js';
import type { Role } from '../../access/tables.js';
import { buildApp, type BuiltApp } from '../../app.js';
import { loadConfig, type Config } from '../../config.js';
import { assertPublishedExportsValid } from '../../exports/testing/published-exports.js';
import type { Clock } from '../clock.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  /** `Authorization` header for this user. */
  auth: { authorization: string };
}

export interface TestApp extends BuiltApp {
  database: TestDatabase;
  config: Config;
  dataDir: string;
  /** Creates a user with a token carrying every scope but users:admin (admins: all). */
  user(role?: Role, scopes?: string[]): Promise<TestUser>;
  close(): Promise<void>;
}

let counter = 0;

export async function createTestApp(options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://cairn.test', LOG_LEVEL: 'silent', ...options.env });
  const built = await buildApp({ config, db: database.db, logger: false, ...(options.clock ? { clock: options.clock } : {}) });
  await built.app.ready();
  return {
    ...built,
    database,
    config,
    dataDir,
    async user(role: Role = 'depositor', scopes?: string[]) {
      const email = `user${++counter}-${Date.now()}@example.org`;
      const u = await built.services.access.createUser(SYSTEM, { email, role });
      const scopeList = (scopes ?? (role === 'admin' ? ['records:read', 'records:write', 'records:publish', 'users:admin'] : undefined)) as never;
      const t = await built.services.access.createToken(SYSTEM, u.id, { name: 'test', ...(scopeList ? { scopes: scopeList } : {}) });
      return { id: u.id, email, token: t.token, auth: { authorization: `Bearer ${t.token}` } };
    },
    async close() {
      // Every record this test file published must export as XSD-valid DataCite XML (issue 4).
      const invalid = await assertPublishedExportsValid(database.db, built.services.exports).then(() => undefined, (err: unknown) => err);
      await built.app.close();
      await database.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
      if (invalid) throw invalid;
    },
  };
}

/** Parses a JSON (or problem+json) response body. */
export function body<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
