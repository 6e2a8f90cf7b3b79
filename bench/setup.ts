/**
 * Shared helpers for the benchmarks: a fresh database (in-memory PGlite, or a schema of
 * its own on the PostgreSQL server named by DATABASE_URL, created and dropped here), a
 * whole app on it with a user and a token, the record workflow over `app.inject`, and
 * the formatting every benchmark prints with.
 *
 * Benchmarks print; they never fail on a slow machine. They throw only on a real error
 * (a non-2xx answer, a failed query), and `run.ts` then exits non-zero.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { SYSTEM } from '../services/access/service.js';
import { buildApp, type BuiltApp } from '../services/app.js';
import { loadConfig, type Config } from '../services/config.js';
import { openPGlite, openPostgres, type DatabaseHandle, type DialectName } from '../services/platform/db/kysely.js';
import { migrateToLatest } from '../services/platform/db/migrator.js';
import minimal from '../services/records/testing/datacite-minimal.json' with { type: 'json' };

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** The DataCite metadata every benchmark record carries (valid, so it publishes). */
export const METADATA: Record<string, unknown> = minimal;

// ---------------------------------------------------------------------------------------
// Environment

/** The PostgreSQL server to use, or undefined for the embedded PGlite. */
export function databaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/** A positive integer from the environment, or the default. Throws on garbage (a real error). */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  return n;
}

// ---------------------------------------------------------------------------------------
// Database

export interface BenchDatabase extends DatabaseHandle {
  /** Human-readable: "PGlite (in-memory)" or "PostgreSQL 15.4 @ 127.0.0.1:5432/test, schema bench_…". */
  readonly label: string;
  /** Drops the bench schema (PostgreSQL) and closes. */
  destroy(): Promise<void>;
}

/** Removes the password from a connection URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `${u.host}${u.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * A fresh, migrated database. `engine` defaults to PostgreSQL when DATABASE_URL is set,
 * PGlite (in memory) otherwise.
 */
export async function openBenchDatabase(engine: DialectName = databaseUrl() ? 'postgres' : 'pglite', opts: { maxConnections?: number } = {}): Promise<BenchDatabase> {
  if (engine === 'pglite') {
    const handle = await openPGlite();
    await migrateToLatest(handle.db);
    const version = await serverVersion(handle);
    return { ...handle, label: `PGlite ${version} (in-memory, WASM in this process)`, destroy: handle.close };
  }
  const url = databaseUrl();
  if (!url) throw new Error('PostgreSQL requested but DATABASE_URL is not set');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres({ connectionString: url, maxConnections: 1 });
  try {
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const handle = openPostgres({ connectionString: url, schema, ...(opts.maxConnections ? { maxConnections: opts.maxConnections } : {}) });
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db).catch(() => undefined);
    await handle.close();
    throw err;
  }
  const version = await serverVersion(handle);
  return {
    ...handle,
    label: `PostgreSQL ${version} @ ${redactUrl(url)} (schema ${schema})`,
    destroy: async () => {
      try {
        await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
      } finally {
        await handle.close();
      }
    },
  };
}

async function serverVersion(handle: DatabaseHandle): Promise<string> {
  const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(handle.db);
  return (rows[0]?.v ?? '?').split(' ')[0]!;
}

// ---------------------------------------------------------------------------------------
// App

export interface BenchApp extends BuiltApp {
  readonly database: BenchDatabase;
  readonly config: Config;
  readonly dataDir: string;
  /** `Authorization` header of a depositor with every depositor scope. */
  readonly auth: { authorization: string };
  readonly token: string;
  close(): Promise<void>;
}

/**
 * The whole app on a fresh database and a temp DATA_DIR, silent, with one depositor
 * and a token. The outbox worker is not started (nothing here needs it).
 */
export async function startBenchApp(options: { env?: Record<string, string>; database?: BenchDatabase; dataDir?: string } = {}): Promise<BenchApp> {
  const database = options.database ?? (await openBenchDatabase());
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-bench-')));
  // Whatever this function created goes away with the app (or at once, when the app does not start).
  const release = async () => {
    try {
      if (!options.database) await database.destroy();
    } finally {
      if (!options.dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    }
  };
  let built: BuiltApp | undefined;
  try {
    const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://cairn.bench', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...options.env });
    built = await buildApp({ config, db: database.db, logger: false });
    await built.app.ready();
    const user = await built.services.access.createUser(SYSTEM, { email: `bench-${randomBytes(4).toString('hex')}@example.org`, role: 'depositor' });
    const { token } = await built.services.access.createToken(SYSTEM, user.id, { name: 'bench' });
    const app = built.app;
    return {
      ...built,
      database,
      config,
      dataDir,
      token,
      auth: { authorization: `Bearer ${token}` },
      async close() {
        try {
          await app.close();
        } finally {
          await release();
        }
      },
    };
  } catch (err) {
    // Leave nothing behind (a bench schema, a temp dir) when the app does not start.
    await built?.app.close().catch(() => undefined);
    await release().catch(() => undefined);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------
// The record workflow over app.inject

/** A response that is not the expected status is a real error: it stops the benchmark. */
export class BenchHttpError extends Error {
  override name = 'BenchHttpError';
}

function expectStatus(what: string, res: { statusCode: number; body: string }, expected: number): void {
  if (res.statusCode !== expected) throw new BenchHttpError(`${what}: expected ${expected}, got ${res.statusCode}: ${res.body.slice(0, 500)}`);
}

/** Creates a draft (public, files enabled) and returns its id. */
export async function createDraft(app: FastifyInstance, auth: { authorization: string }): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/records', headers: { ...auth, 'content-type': 'application/json' }, payload: { metadata: METADATA } });
  expectStatus('POST /api/records', res, 201);
  return (JSON.parse(res.body) as { id: string }).id;
}

/** Declares the file(s) of a draft. */
export async function declareFiles(app: FastifyInstance, auth: { authorization: string }, id: string, keys: string[]): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/api/records/${id}/draft/files`, headers: { ...auth, 'content-type': 'application/json' }, payload: keys.map((key) => ({ key })) });
  expectStatus('POST .../draft/files', res, 201);
}

/** Create draft + declare + upload one small file + commit + publish; returns the record id. */
export async function publishWithFile(app: FastifyInstance, auth: { authorization: string }, key: string, content: Buffer): Promise<string> {
  const id = await createDraft(app, auth);
  await declareFiles(app, auth, id, [key]);
  const k = encodeURIComponent(key);
  const put = await app.inject({ method: 'PUT', url: `/api/records/${id}/draft/files/${k}/content`, headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: content });
  expectStatus('PUT .../content', put, 200);
  const commit = await app.inject({ method: 'POST', url: `/api/records/${id}/draft/files/${k}/commit`, headers: auth });
  expectStatus('POST .../commit', commit, 200);
  const pub = await app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: auth });
  expectStatus('POST .../actions/publish', pub, 202);
  return id;
}

/** A small CSV, different for each `n`. */
export function smallFile(n: number, bytes = 1024): Buffer {
  const line = `site,subject,age\nOSL,sub-${String(n).padStart(6, '0')},${20 + (n % 60)}\n`;
  return Buffer.from(line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes));
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight; rethrows the first error. */
export async function runPool(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (failed === undefined) {
      const i = next++;
      if (i >= n) return;
      try {
        await task(i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  if (failed !== undefined) throw failed;
}

// ---------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; zeros elsewhere)

/** User + system CPU seconds from a /proc `stat` file (clock ticks of 1/100 s). */
function statSeconds(file: string): number {
  try {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export interface CpuSnapshot {
  /** This process's main thread (the servers' event loop, and PGlite's WASM). */
  readonly main: number;
  /** Every process named `postgres…` visible on this machine (a local PostgreSQL server's backends). */
  readonly postgres: number;
  /** Whether any PostgreSQL process was visible. */
  readonly postgresSeen: boolean;
}

export function cpuSnapshot(): CpuSnapshot {
  const main = statSeconds(`/proc/self/task/${process.pid}/stat`);
  let postgres = 0;
  let postgresSeen = false;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    // Not Linux.
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
    } catch {
      continue;
    }
    postgresSeen = true;
    postgres += statSeconds(`/proc/${pid}/stat`);
  }
  return { main, postgres, postgresSeen };
}

// ---------------------------------------------------------------------------------------
// Output

/** What a benchmark reports for the summary table. */
export interface BenchResult {
  readonly name: string;
  /** The measured figure, formatted with its unit. */
  readonly figure: string;
  /** The baseline figure, formatted with its unit ('' when none). */
  readonly baseline: string;
  /** The ratio (or the figure itself when the target is absolute), formatted. */
  readonly ratio: string;
  readonly target: string;
  /** Whether the target was met; undefined when it does not apply (e.g. PostgreSQL target on PGlite). */
  readonly met: boolean | undefined;
}

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneFmt = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 4210.3 → "4,210"; below 100 one decimal: 42.37 → "42.4". */
export function num(n: number): string {
  return Math.abs(n) >= 100 ? intFmt.format(n) : oneFmt.format(n);
}

/** An integer count: 1500 → "1,500". */
export function int(n: number): string {
  return intFmt.format(n);
}

/** 0.4321 → "0.43"; below 0.1 three decimals, so that small ratios do not all read 0.00. */
export function ratioText(r: number): string {
  return Number.isFinite(r) && Math.abs(r) < 0.1 ? r.toFixed(3) : r.toFixed(2);
}

/** Bytes/second → "1,234 MB/s" (MB = 10^6 bytes). */
export function mbps(bytes: number, seconds: number): string {
  return `${num(bytes / 1e6 / seconds)} MB/s`;
}

export function mb(bytes: number): string {
  return `${num(bytes / 1e6)} MB`;
}

export function heading(title: string): void {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 74 - title.length))}`);
}

export function note(text: string): void {
  console.log(`  ${text}`);
}

export function verdict(met: boolean | undefined): string {
  return met === undefined ? 'n/a' : met ? 'met' : 'MISSED';
}

/** Prints the summary table. */
export function printSummary(results: BenchResult[]): void {
  heading('summary');
  const header = ['benchmark', 'figure', 'baseline', 'ratio', 'target', 'result'];
  const rows = results.map((r) => [r.name, r.figure, r.baseline, r.ratio, r.target, verdict(r.met)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

/** Seconds since `start` (from `process.hrtime.bigint()`). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
