/**
 * Benchmark 1: `GET /api/records/{id}` requests/s over loopback, against a bare Fastify
 * route in the same process returning the same JSON document.
 *
 * Both servers listen on 127.0.0.1 (real sockets); autocannon runs in this process
 * through its programmatic API, on a worker thread by default so that the load
 * generator does not share the servers' event loop (BENCH_AUTOCANNON=inline puts it on
 * the main thread, which compresses the ratio towards 1: the client's own cost per
 * request is added to both sides). Each side gets a short warm-up (JIT, pools) first.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  BenchHttpError,
  cpuSnapshot,
  envInt,
  heading,
  int,
  note,
  num,
  publishWithFile,
  ratioText,
  smallFile,
  startBenchApp,
  type BenchResult,
} from './setup.js';

const TARGET = 0.4;

export interface LoadOptions {
  url: string;
  durationSeconds: number;
  connections: number;
  pipelining: number;
}

export interface LoadResult {
  /** Requests/s over the run: completed requests ÷ duration. */
  rps: number;
  total: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerRequest: number;
}

function summarize(r: autocannon.Result): LoadResult {
  return {
    // Completed requests over the measured duration (identical in both modes; off the main
    // thread autocannon keeps no per-second samples, so requests.average would read 0).
    rps: r.duration > 0 ? r.requests.total / r.duration : 0,
    total: r.requests.total,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerRequest: r.requests.total > 0 ? r.throughput.total / r.requests.total : 0,
  };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannonPath);
// Off the main thread autocannon returns raw encoded histograms (for a manager to merge): aggregate them here.
autocannon(workerData.options).then((raw) => autocannon.aggregateResult([raw], workerData.options)).then(
  (r) => parentPort.postMessage({ benchReport: true, ok: true, result: {
    requests: r.requests, latency: r.latency, throughput: r.throughput,
    non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, duration: r.duration,
  } }),
  (e) => parentPort.postMessage({ benchReport: true, ok: false, error: String(e && e.stack || e) }),
);
`;

/** Runs autocannon against `url`, on a worker thread (default) or on this thread. */
export async function load(opts: LoadOptions, mode: 'worker' | 'inline' = loadMode()): Promise<LoadResult> {
  const options = { url: opts.url, connections: opts.connections, pipelining: opts.pipelining, duration: opts.durationSeconds };
  if (mode === 'inline') return summarize(await autocannon(options));
  const autocannonPath = createRequire(import.meta.url).resolve('autocannon');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { autocannonPath, options } });
  try {
    type Report = { benchReport?: true; ok: boolean; result?: autocannon.Result; error?: string };
    const message = await new Promise<Report>((resolve, reject) => {
      // autocannon itself posts to parentPort when it finds itself off the main thread: wait for our report.
      worker.on('message', (m: Report) => {
        if (m && m.benchReport) resolve(m);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`autocannon worker exited with ${code} before reporting`)));
    });
    if (!message.ok || !message.result) throw new Error(`autocannon failed: ${message.error}`);
    return summarize(message.result);
  } finally {
    await worker.terminate();
  }
}

export function loadMode(): 'worker' | 'inline' {
  return process.env.BENCH_AUTOCANNON === 'inline' ? 'inline' : 'worker';
}

function checkClean(what: string, r: LoadResult): void {
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
    throw new BenchHttpError(`${what}: ${r.non2xx} non-2xx answers, ${r.errors} errors, ${r.timeouts} timeouts out of ${r.total} requests`);
  }
  if (r.total === 0) throw new BenchHttpError(`${what}: no request completed`);
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

function describe(label: string, r: LoadResult): string {
  return `${label}: ${num(r.rps)} req/s (${int(r.total)} requests, p50 ${r.latencyP50} ms, p99 ${r.latencyP99} ms, ${num(r.bytesPerRequest)} B/response)`;
}

export async function readThroughput(): Promise<BenchResult[]> {
  const duration = envInt('BENCH_READ_SECONDS', 10);
  const warmup = envInt('BENCH_READ_WARMUP_SECONDS', 2);
  const connections = 50;
  const pipelining = 1;
  const mode = loadMode();
  heading('read throughput: GET /api/records/{id}');

  const bench = await startBenchApp();
  const bare = Fastify({ logger: false });
  try {
    note(`database: ${bench.database.label}`);
    note(`autocannon: ${connections} connections, pipelining ${pipelining}, ${duration} s (+${warmup} s warm-up) per side, ${mode === 'worker' ? 'on a worker thread' : 'on the main thread'}, over 127.0.0.1`);
    const id = await publishWithFile(bench.app, bench.auth, 'data/table.csv', smallFile(0));
    const sample = await bench.app.inject({ method: 'GET', url: `/api/records/${id}` });
    if (sample.statusCode !== 200) throw new BenchHttpError(`GET /api/records/${id}: ${sample.statusCode} ${sample.body.slice(0, 300)}`);
    // The bare route returns the very same document, so both sides serialize as many bytes.
    const document = JSON.parse(sample.body) as Record<string, unknown>;
    note(`record ${id}: ${int(sample.body.length)} bytes of JSON; the bare route returns the same object`);

    bare.get('/api/records/:id', async () => document);
    const appPort = await listen(bench.app);
    const barePort = await listen(bare);
    const appUrl = `http://127.0.0.1:${appPort}/api/records/${id}`;
    const bareUrl = `http://127.0.0.1:${barePort}/api/records/${id}`;

    const settings = { connections, pipelining };
    const measure = async (what: string, url: string) => {
      checkClean(`warm-up (${what})`, await load({ url, durationSeconds: warmup, ...settings }, mode));
      const before = cpuSnapshot();
      const result = await load({ url, durationSeconds: duration, ...settings }, mode);
      const after = cpuSnapshot();
      checkClean(what, result);
      const perRequest = (seconds: number) => `${num((seconds * 1e6) / result.total)} µs`;
      // PostgreSQL backends only when the app uses a server (with PGlite the database runs on the main thread).
      const pg = bench.database.dialect === 'postgres' && after.postgresSeen ? `, all PostgreSQL processes on this machine ${perRequest(after.postgres - before.postgres)}` : '';
      const cpu = `server main thread ${perRequest(after.main - before.main)}${pg}`;
      return { result, cpu };
    };
    const bareRun = await measure('bare Fastify route', bareUrl);
    const appRun = await measure('GET /api/records/{id}', appUrl);
    const bareResult = bareRun.result;
    const appResult = appRun.result;

    const ratio = appResult.rps / bareResult.rps;
    note(describe('GET /api/records/{id}', appResult));
    note(describe('bare Fastify route   ', bareResult));
    note(`CPU per request, GET /api/records/{id}: ${appRun.cpu}`);
    note(`CPU per request, bare Fastify route:    ${bareRun.cpu}`);
    console.log(
      `GET /api/records/{id}: ${num(appResult.rps)} req/s; bare Fastify route: ${num(bareResult.rps)} req/s; ratio ${ratioText(ratio)} (target ≥ ${TARGET.toFixed(2)})`,
    );
    return [
      {
        name: `read GET /api/records/{id} (${bench.database.dialect})`,
        figure: `${num(appResult.rps)} req/s`,
        baseline: `${num(bareResult.rps)} req/s bare`,
        ratio: ratioText(ratio),
        target: `≥ ${TARGET.toFixed(2)}`,
        met: ratio >= TARGET,
      },
    ];
  } finally {
    await bare.close();
    await bench.close();
  }
}
