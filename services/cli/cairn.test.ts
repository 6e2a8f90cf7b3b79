/**
 * The bootstrap command, run as a real process: with no server (it opens the database
 * itself) and while a real server holds the embedded database (it goes through the
 * server's admin socket). Either way the token it prints authenticates API requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../platform/db/kysely.js';
import { testDatabaseUrl } from '../platform/testing/test-db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let dataDir: string;
let env: Record<string, string>;
let schema: string | undefined;

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['services/cli/cairn.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['services/main.ts'], { cwd: ROOT, env: { ...process.env, ...env, PORT: '0', DEMO_DATA: 'false' } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 45_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // The admin socket is ready once the start line is logged.
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (listening && out.includes('Cairn API on')) {
        clearTimeout(timer);
        resolve({ child, url: listening[1]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-cli-'));
  // Vitest puts Vite's BASE_URL=/ in the environment; give the children a real one.
  env = { DATA_DIR: dataDir, LOG_LEVEL: 'info', BASE_URL: 'http://localhost:8080' };
  const url = testDatabaseUrl();
  if (url) {
    schema = `test_cli_${randomBytes(4).toString('hex')}`;
    const admin = openPostgres({ connectionString: url, maxConnections: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = u.toString();
  }
});

afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
  const url = testDatabaseUrl();
  if (url && schema) {
    const admin = openPostgres({ connectionString: url, maxConnections: 1 });
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
});

// Each step starts real processes (tsx, PGlite): give them room on a busy 2-core machine.
describe('cairn users create', { timeout: 180_000 }, () => {
  it('creates a user and prints only a token, with no server running', async () => {
    const res = await run(['users', 'create', '--email', 'first@example.org', '--role', 'admin', '--token']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^cairn_[A-Za-z0-9_-]{43}\n$/);
    await expect(fs.access(path.join(dataDir, 'db.lock'))).rejects.toThrow();
  });

  it('refuses bad input with exit 1 and a message on stderr', async () => {
    const dup = await run(['users', 'create', '--email', 'first@example.org', '--token']);
    expect(dup.code).toBe(1);
    expect(dup.stdout).toBe('');
    expect(dup.stderr).toContain('exists');
    const role = await run(['users', 'create', '--email', 'x@example.org', '--role', 'king']);
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('--role');
  });

  it('works while the server runs, and the token authenticates against it', async () => {
    const first = await run(['users', 'create', '--email', 'early@example.org', '--token']);
    const server = await startServer();
    try {
      const res = await run(['users', 'create', '--email', 'second@example.org', '--token']);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const token = res.stdout.trim();
      for (const t of [token, first.stdout.trim()]) {
        const api = await fetch(`${server.url}/api/user/records`, { headers: { authorization: `Bearer ${t}` } });
        expect(api.status).toBe(200);
      }
      const bad = await fetch(`${server.url}/api/user/records`, { headers: { authorization: 'Bearer cairn_wrong' } });
      expect(bad.status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    // The server released the database: the command opens it directly again.
    const after = await run(['users', 'create', '--email', 'third@example.org']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^usr_/);
  });
});
