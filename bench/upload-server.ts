/**
 * The server of the upload benchmark, run in a child process so that its memory can be
 * watched from outside (`/proc/<pid>/status`). Started by `upload.ts` as
 * `node --import tsx bench/upload-server.ts <key>...` with
 *
 *   BENCH_UPLOAD_DATA_DIR   DATA_DIR of the app (the benchmark's temp dir, same filesystem)
 *   BENCH_UPLOAD_MAX_BYTES  MAX_FILE_SIZE; the record quota holds one such file per key (+128 MiB)
 *   DATABASE_URL            as everywhere: PostgreSQL (a schema of its own) or in-memory PGlite
 *
 * It builds the app, creates a depositor with a token and a draft with the given file
 * keys declared, listens on 127.0.0.1 port 0 and prints ONE JSON line on stdout:
 * `{"port":…,"id":"…","token":"…","pid":…,"database":"…"}`. SIGTERM, or the end of its
 * stdin (the benchmark went away), closes it cleanly.
 */
import type { AddressInfo } from 'node:net';
import { createDraft, declareFiles, openBenchDatabase, startBenchApp, type BenchApp } from './setup.js';

const dataDir = process.env.BENCH_UPLOAD_DATA_DIR;
const maxBytes = Number(process.env.BENCH_UPLOAD_MAX_BYTES);
if (!dataDir || !Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
  console.error('upload-server: set BENCH_UPLOAD_DATA_DIR and BENCH_UPLOAD_MAX_BYTES');
  process.exit(2);
}
const keys = process.argv.slice(2);

const database = await openBenchDatabase();
let bench: BenchApp;
let id: string;
try {
  bench = await startBenchApp({
    database,
    dataDir,
    // The record quota holds a warm-up file and several rounds of the big one.
    env: { MAX_FILE_SIZE: String(maxBytes), RECORD_QUOTA: String(Math.max(1, keys.length) * maxBytes + 128 * 1024 * 1024) },
  });
} catch (err) {
  // Drop the bench schema before failing: a server that cannot start leaves nothing behind.
  await database.destroy().catch(() => undefined);
  throw err;
}
try {
  id = await createDraft(bench.app, bench.auth);
  if (keys.length > 0) await declareFiles(bench.app, bench.auth, id, keys);
  await bench.app.listen({ port: 0, host: '127.0.0.1' });
} catch (err) {
  await bench.close().catch(() => undefined);
  await database.destroy().catch(() => undefined);
  throw err;
}
const { port } = bench.app.server.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ port, id, token: bench.token, pid: process.pid, database: database.label })}\n`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  try {
    await bench.close();
    await database.destroy();
    process.exit(0);
  } catch (err) {
    console.error('upload-server: error while closing:', err);
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
// The benchmark holds our stdin open: when it goes away (even killed), so do we.
process.stdin.on('end', () => void shutdown());
process.stdin.on('error', () => void shutdown());
process.stdin.resume();
