/**
 * `npm run bench [-- read upload publish]`: runs the benchmarks (all, or those named),
 * each printing its figure, its baseline from the same run, the ratio and the target,
 * then a summary table. Benchmarks never fail for being slow; the exit code is non-zero
 * only when one hit a real error (a failed request or query).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { landing } from './landing.js';
import { publishRate } from './publish-rate.js';
import { readThroughput } from './read-throughput.js';
import { searchBench } from './search.js';
import { databaseUrl, printSummary, redactUrl, type BenchResult } from './setup.js';
import { upload } from './upload.js';

const BENCHMARKS: Record<string, () => Promise<BenchResult[]>> = {
  read: readThroughput,
  upload,
  publish: publishRate,
  landing,
  search: searchBench,
};
const ALIASES: Record<string, string> = { 'read-throughput': 'read', 'publish-rate': 'publish' };

const asked = process.argv.slice(2).map((a) => ALIASES[a] ?? a);
const unknown = asked.filter((a) => !(a in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const selected = asked.length > 0 ? [...new Set(asked)] : Object.keys(BENCHMARKS);

const url = databaseUrl();
console.log(
  `Cairn benchmarks: ${selected.join(', ')} | node ${process.version} | ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model.trim() ?? ''} | ` +
    `database: ${url ? `PostgreSQL at ${redactUrl(url)} (DATABASE_URL)` : 'PGlite in-memory (set DATABASE_URL for PostgreSQL)'}`,
);

/** Share of all CPUs busy over one second, before we start (other processes; the figures are noisy when high). */
async function machineLoad(): Promise<string> {
  const read = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0);
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const b = read();
    const busy = 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
    return `${Math.round(busy * 100)}% of ${os.cpus().length} CPUs busy with other work in the last second (load average ${os.loadavg()[0]!.toFixed(2)})`;
  } catch {
    return `load average ${os.loadavg()[0]!.toFixed(2)}`;
  }
}
console.log(`machine before start: ${await machineLoad()}`);

const started = Date.now();
const results: BenchResult[] = [];
let failures = 0;
for (const name of selected) {
  try {
    results.push(...(await BENCHMARKS[name]!()));
  } catch (err) {
    failures++;
    console.error(`\nbenchmark ${name} FAILED:`, err);
    results.push({ name, figure: 'ERROR', baseline: '', ratio: '', target: '', met: false });
  }
}
printSummary(results);
console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s${failures > 0 ? `; ${failures} benchmark(s) failed with an error` : ''}`);
// Exit explicitly: a failed benchmark may leave a socket or a worker behind.
process.exit(failures > 0 ? 1 : 0);
