/**
 * `npm run reindex` and `npm run index:check` as real processes on an embedded database
 * (the PGlite lock is the point; PostgreSQL needs no lock). The records are made through
 * the app beforehand, with the outbox never drained, so the index starts out empty.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../access/service.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openPGlite } from '../platform/db/kysely.js';
import { migrateToLatest } from '../platform/db/migrator.js';
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
let dataDir: string;

function run(script: 'reindex' | 'index-check'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', BASE_URL: 'http://localhost:8080', DEMO_DATA: 'false' };
    // The embedded database whatever the suite runs on: the lock is what is tested.
    delete env.DATABASE_URL;
    delete env.ELASTICSEARCH_URL;
    const child = spawn(TSX, [`services/cli/${script}.ts`], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-search-cli-'));
  const handle = await openPGlite(path.join(dataDir, 'db'));
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://localhost:8080', LOG_LEVEL: 'silent' });
    const { app, services } = await buildApp({ config, db: handle.db, logger: false });
    const user = await services.access.createUser(SYSTEM, { email: 'cli@example.org', role: 'depositor' });
    const owner = { kind: 'user', id: user.id, email: user.email, role: 'depositor', scopes: null } as const;
    for (const title of ['First record', 'Second record']) {
      const draft = await services.records.createDraft(owner, { metadata: { ...minimal, titles: [{ title }] }, files: { enabled: false } });
      await services.records.publish(owner, draft.row.id);
    }
    await services.records.createDraft(owner, { metadata: { titles: [{ title: 'A draft' }] } });
    await app.close();
  } finally {
    await handle.close();
  }
}, 120_000);
afterAll(async () => fs.rm(dataDir, { recursive: true, force: true }));

describe('search CLI', () => {
  it('index:check reports what is missing, reindex repairs it, and index:check agrees', async () => {
    const before = await run('index-check');
    expect(before.code, before.stderr).toBe(1);
    expect(before.stdout).toContain('missing from the index (3)');
    const reindex = await run('reindex');
    expect(reindex.code, reindex.stderr).toBe(0);
    expect(reindex.stdout).toMatch(/^reindexed 3 documents in [\d.]+ s; removed 0 stale\n$/);
    const after = await run('index-check');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe('index up to date: 3 documents\n');
  }, 120_000);

  it('respects DATA_DIR/db.lock: refuses to open the embedded database beside a server', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await fs.writeFile(path.join(dataDir, 'db.lock'), JSON.stringify({ pid: holder.pid, kind: 'server' }));
      for (const script of ['reindex', 'index-check'] as const) {
        const r = await run(script);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`in use by server process ${holder.pid}`);
        expect(r.stderr).toContain('stop the server first');
      }
    } finally {
      holder.kill();
      await fs.rm(path.join(dataDir, 'db.lock'), { force: true });
    }
  }, 120_000);
});
