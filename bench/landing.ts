/**
 * Benchmark: the landing page `GET /records/{id}` (HTML, as a browser asks for it) in
 * requests/s over loopback, against a bare Fastify route in the same run returning the
 * very same HTML bytes with the same headers; target ratio ≥ 0.25, and its p99 latency.
 *
 * The app side is measured twice: as deployed (anonymous readers are served from the page
 * cache, which record changes purge) and with the cache off (every request reads the record
 * through the services and renders the page), so both figures are on record. autocannon runs
 * in this process on a worker thread (see read-throughput.ts), each side after a warm-up.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../services/app.js';
import { loadConfig } from '../services/config.js';
import full from '../services/records/testing/datacite-full.json' with { type: 'json' };
import { BenchHttpError, createDraft, envInt, heading, note, num, ratioText, startBenchApp, type BenchApp, type BenchResult } from './setup.js';
import { load, loadMode, type LoadResult } from './read-throughput.js';

const TARGET = 0.25;

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

function clean(what: string, r: LoadResult): LoadResult {
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) throw new BenchHttpError(`${what}: ${r.non2xx} non-2xx answers, ${r.errors} errors, ${r.timeouts} timeouts of ${r.total} requests`);
  if (r.total === 0) throw new BenchHttpError(`${what}: no request completed`);
  return r;
}

function line(label: string, r: LoadResult): string {
  const trouble = r.errors + r.timeouts > 0 ? `, ${r.timeouts} timeouts (autocannon's 10 s)` : '';
  return `${label}: ${num(r.rps)} req/s (${num(r.total)} requests, p50 ${r.latencyP50} ms, p99 ${r.latencyP99} ms, ${num(r.bytesPerRequest)} B/response${trouble})`;
}

/** A record like a real deposit: the full DataCite example, metadata-only (files would not change the page's cost). */
async function publishFullRecord(bench: BenchApp): Promise<string> {
  const id = await createDraft(bench.app, bench.auth);
  const put = await bench.app.inject({ method: 'PUT', url: `/api/records/${id}/draft`, headers: { ...bench.auth, 'content-type': 'application/json' }, payload: { metadata: full, files: { enabled: false } } });
  if (put.statusCode !== 200) throw new BenchHttpError(`PUT draft: ${put.statusCode} ${put.body.slice(0, 300)}`);
  const pub = await bench.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: bench.auth });
  if (pub.statusCode !== 202) throw new BenchHttpError(`publish: ${pub.statusCode} ${pub.body.slice(0, 300)}`);
  return id;
}

// autocannon sends no Accept header, which the landing route answers with HTML (as it does `*/*`).
// `informational`: a side measured for the record only, where overload timeouts are a figure, not an error.
async function measure(url: string, seconds: number, warmup: number, what: string, informational = false): Promise<LoadResult> {
  const settings = { connections: 50, pipelining: 1 };
  const check = (label: string, r: LoadResult) => (informational && r.non2xx === 0 && r.total > 0 ? r : clean(label, r));
  check(`warm-up (${what})`, await load({ url, durationSeconds: warmup, ...settings }));
  return check(what, await load({ url, durationSeconds: seconds, ...settings }));
}

/** The same app on the same database with the page cache off: every request renders. */
async function uncachedApp(bench: BenchApp): Promise<FastifyInstance> {
  const config = loadConfig({ DATA_DIR: bench.dataDir, BASE_URL: bench.config.baseUrl, LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const { app } = await buildApp({ config, db: bench.database.db, logger: false, web: { pageCacheTtlMs: 0 } });
  await app.ready();
  return app;
}

export async function landing(): Promise<BenchResult[]> {
  const seconds = envInt('BENCH_LANDING_SECONDS', 10);
  const warmup = envInt('BENCH_LANDING_WARMUP_SECONDS', 2);
  heading('landing page: GET /records/{id} (text/html)');
  const cached = await startBenchApp();
  const uncached = await uncachedApp(cached);
  const bare = Fastify({ logger: false });
  try {
    note(`database: ${cached.database.label}`);
    note(`autocannon: 50 connections, pipelining 1, ${seconds} s (+${warmup} s warm-up) per side, ${loadMode() === 'worker' ? 'on a worker thread' : 'on the main thread'}, over 127.0.0.1`);
    const id = await publishFullRecord(cached);
    const sample = await cached.app.inject({ method: 'GET', url: `/records/${id}` });
    if (sample.statusCode !== 200) throw new BenchHttpError(`GET /records/${id}: ${sample.statusCode} ${sample.body.slice(0, 300)}`);
    note(`record ${id} (the full DataCite example): ${num(sample.body.length)} bytes of HTML, Link header ${num(String(sample.headers.link).length)} bytes; the bare route sends the same`);

    // The baseline: the same bytes and headers from a route that does nothing else.
    const headers: Record<string, string> = {};
    for (const h of ['link', 'content-security-policy', 'x-content-type-options', 'referrer-policy', 'cache-control', 'vary', 'etag']) {
      if (sample.headers[h] !== undefined) headers[h] = String(sample.headers[h]);
    }
    bare.get('/records/:id', async (_request, reply) => reply.headers(headers).type('text/html; charset=utf-8').send(sample.body));

    const [cachedPort, uncachedPort, barePort] = [await listen(cached.app), await listen(uncached), await listen(bare)];
    const path = `/records/${id}`;
    const bareResult = await measure(`http://127.0.0.1:${barePort}${path}`, seconds, warmup, 'bare Fastify route');
    const cachedResult = await measure(`http://127.0.0.1:${cachedPort}${path}`, seconds, warmup, 'landing page (page cache on)');
    const uncachedResult = await measure(`http://127.0.0.1:${uncachedPort}${path}`, seconds, warmup, 'landing page (page cache off)', true);

    const ratio = cachedResult.rps / bareResult.rps;
    const ratioUncached = uncachedResult.rps / bareResult.rps;
    note(line('landing, page cache on ', cachedResult));
    note(line('landing, page cache off', uncachedResult));
    note(line('bare Fastify route     ', bareResult));
    console.log(
      `GET /records/{id}: ${num(cachedResult.rps)} req/s (p99 ${cachedResult.latencyP99} ms); without the page cache ${num(uncachedResult.rps)} req/s (p99 ${uncachedResult.latencyP99} ms); ` +
        `bare Fastify route ${num(bareResult.rps)} req/s; ratio ${ratioText(ratio)} (uncached ${ratioText(ratioUncached)}; target ≥ ${TARGET.toFixed(2)})`,
    );
    const dialect = cached.database.dialect;
    return [
      { name: `landing GET /records/{id} (${dialect})`, figure: `${num(cachedResult.rps)} req/s, p99 ${cachedResult.latencyP99} ms`, baseline: `${num(bareResult.rps)} req/s bare`, ratio: ratioText(ratio), target: `≥ ${TARGET.toFixed(2)}`, met: ratio >= TARGET },
      { name: `landing, page cache off (${dialect})`, figure: `${num(uncachedResult.rps)} req/s, p99 ${uncachedResult.latencyP99} ms`, baseline: `${num(bareResult.rps)} req/s bare`, ratio: ratioText(ratioUncached), target: 'info', met: undefined },
    ];
  } finally {
    await bare.close();
    await uncached.close();
    await cached.close();
  }
}
