/**
 * Benchmark 2: one large upload through `PUT /api/records/{id}/draft/files/{key}/content`
 * (a real HTTP request over 127.0.0.1: `fs.createReadStream` piped into `http.request`,
 * Content-Length set) against writing the same bytes with `fs` directly
 * (`createReadStream(src).pipe(createWriteStream(dst))` + fsync, same temp dir, same
 * filesystem as the server's DATA_DIR).
 *
 * The server runs in a child process (`upload-server.ts`) whose RSS is sampled from
 * `/proc/<pid>/status` every 50 ms; VmHWM is reset (`/proc/<pid>/clear_refs` ← 5)
 * before each upload so that it reports the peak of that upload alone. A 64 MiB upload
 * runs first (warm-up, and a second point to show that memory does not grow with size).
 *
 * BENCH_UPLOAD_MB (default 1024) sets the size. Skips (with a notice) when the temp
 * filesystem has less than max(4 GiB, 3.5 × size) free. Deletes everything it wrote.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BenchHttpError, envInt, GiB, heading, int, mb, mbps, MiB, note, ratioText, secondsSince, type BenchResult } from './setup.js';

const TARGET_RATIO = 0.7;
const TARGET_RSS = 150 * 1e6;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

interface ServerInfo {
  port: number;
  id: string;
  token: string;
  pid: number;
  database: string;
}

// ---------------------------------------------------------------------------------------
// The child server

async function startServer(dataDir: string, maxBytes: number, keys: string[]): Promise<{ child: ChildProcess; info: ServerInfo }> {
  // `node --import tsx` (not the `tsx` CLI, which runs the script in a grandchild): the pid we watch is
  // the server's. When this file runs compiled (.js), the server runs compiled too, without tsx.
  const compiled = import.meta.url.endsWith('.js');
  const args = compiled ? [path.join(HERE, 'upload-server.js')] : ['--import', 'tsx', path.join(HERE, 'upload-server.ts')];
  const child = spawn(process.execPath, [...args, ...keys], {
    cwd: ROOT,
    env: { ...process.env, BENCH_UPLOAD_DATA_DIR: dataDir, BENCH_UPLOAD_MAX_BYTES: String(maxBytes) },
    // stdin stays open as a lifeline: the server exits when this process goes away.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('upload server did not report within 120 s')), 120_000);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as ServerInfo);
      } catch {
        reject(new Error(`upload server printed ${JSON.stringify(line.slice(0, 200))} instead of its JSON line`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`upload server exited early (code ${code}, signal ${signal})`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  child.stdout!.resume();
  return { child, info };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------
// /proc sampling

function procStatus(pid: number): { rss: number; hwm: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets VmHWM to the current RSS; false when the kernel refuses (then VmHWM covers the whole life). */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

class RssSampler {
  #timer: NodeJS.Timeout | undefined;
  #peak = 0;
  #samples = 0;
  constructor(readonly pid: number) {}
  start(): void {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), 50);
  }
  #sample(): void {
    try {
      const { rss } = procStatus(this.pid);
      this.#samples++;
      if (rss > this.#peak) this.#peak = rss;
    } catch {
      // The process is gone; the caller notices on its own.
    }
  }
  stop(): { peakSampled: number; hwm: number; samples: number } {
    clearInterval(this.#timer);
    this.#sample();
    return { peakSampled: this.#peak, hwm: procStatus(this.pid).hwm, samples: this.#samples };
  }
}

// ---------------------------------------------------------------------------------------
// Bytes

/** Writes `size` bytes of incompressible data (an 8 MiB random block, each copy stamped with its index), fsynced. */
async function generate(file: string, size: number): Promise<void> {
  const block = randomFillSync(Buffer.allocUnsafe(8 * MiB));
  const handle = await fsp.open(file, 'w');
  try {
    for (let offset = 0, n = 0; offset < size; offset += block.length, n++) {
      block.writeUInt32BE(n, 0);
      const length = Math.min(block.length, size - offset);
      let written = 0;
      while (written < length) written += (await handle.write(block, written, length - written)).bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes every dirty page of the system, so one step's writeback does not land in the next step's time. */
function syncAll(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // No `sync` binary: the per-file fsyncs still hold.
  }
}

async function fsCopy(src: string, dst: string): Promise<number> {
  const start = process.hrtime.bigint();
  await pipeline(fs.createReadStream(src), fs.createWriteStream(dst));
  const handle = await fsp.open(dst, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return secondsSince(start);
}

/**
 * md5 + sha256 over 64 KiB chunks in memory, as the server's HashingStream computes them
 * on its main thread: the CPU ceiling of one upload, whatever the disk. Bytes/s.
 */
function hashRate(bytes: number): number {
  const chunk = randomFillSync(Buffer.allocUnsafe(64 * 1024));
  const md5 = createHash('md5');
  const sha = createHash('sha256');
  const start = process.hrtime.bigint();
  for (let done = 0; done < bytes; done += chunk.length) {
    md5.update(chunk);
    sha.update(chunk);
  }
  md5.digest();
  sha.digest();
  return bytes / secondsSince(start);
}

/** CPU seconds of each thread of `pid`: the main thread, and all the others together (libuv pool, V8). */
function threadCpu(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    let seconds = 0;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The thread ended meanwhile.
    }
    if (tid === String(pid)) main += seconds;
    else others += seconds;
  }
  return { main, others };
}

/** PUTs `length` bytes of `src` (from offset 0) as the content of `key`; returns seconds. */
async function httpUpload(info: ServerInfo, key: string, src: string, length: number): Promise<number> {
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: info.port,
        method: 'PUT',
        path: `/api/records/${info.id}/draft/files/${encodeURIComponent(key)}/content`,
        agent: false,
        headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/octet-stream', 'content-length': String(length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new BenchHttpError(`PUT ${key}: ${res.statusCode} ${text.slice(0, 500)}`));
          else resolve();
        });
      },
    );
    req.on('error', reject);
    const source = fs.createReadStream(src, { start: 0, end: length - 1 });
    source.on('error', (err) => req.destroy(err));
    source.pipe(req);
  });
  return secondsSince(start);
}

async function httpCommit(info: ServerInfo, key: string): Promise<{ seconds: number; entry: { size: number; checksum: string } }> {
  const start = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${info.port}/api/records/${info.id}/draft/files/${encodeURIComponent(key)}/commit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${info.token}` },
  });
  const text = await res.text();
  if (res.status !== 200) throw new BenchHttpError(`commit ${key}: ${res.status} ${text.slice(0, 500)}`);
  return { seconds: secondsSince(start), entry: JSON.parse(text) as { size: number; checksum: string } };
}

// ---------------------------------------------------------------------------------------

export async function upload(): Promise<BenchResult[]> {
  const sizeMiB = envInt('BENCH_UPLOAD_MB', 1024);
  const rounds = envInt('BENCH_UPLOAD_ROUNDS', 2);
  const size = sizeMiB * MiB;
  const warmSize = Math.min(64 * MiB, size);
  heading(`upload: ${int(sizeMiB)} MiB through PUT .../content`);

  const tmp = os.tmpdir();
  const stats = await fsp.statfs(tmp);
  const free = stats.bavail * stats.bsize;
  // Source + one fs copy per round + the server's blob and one staging file, with 10% to spare.
  const needed = Math.max(4 * GiB, 1.1 * ((1 + rounds + 2) * size + warmSize));
  if (free < needed) {
    const msg = `SKIPPED: ${tmp} has ${(free / GiB).toFixed(1)} GiB free; the upload benchmark needs ${(needed / GiB).toFixed(1)} GiB (source, fs copies, server copy). Set BENCH_UPLOAD_MB lower or free some disk.`;
    console.log(msg);
    return [{ name: 'upload', figure: 'skipped', baseline: '', ratio: '', target: `≥ ${TARGET_RATIO.toFixed(2)}, RSS < ${mb(TARGET_RSS)}`, met: undefined }];
  }

  const dir = await fsp.mkdtemp(path.join(tmp, 'cairn-bench-upload-'));
  let child: ChildProcess | undefined;
  // Ctrl-C in the middle: still delete the gigabytes and stop the server.
  const onInterrupt = () => {
    child?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const src = path.join(dir, 'source.bin');
    const dataDir = path.join(dir, 'server-data');
    note(`temp dir ${dir} (${(free / GiB).toFixed(0)} GiB free); ${rounds} round(s) of (fs copy, HTTP upload), best of each counts`);

    let t = process.hrtime.bigint();
    await generate(src, size);
    note(`generated ${int(sizeMiB)} MiB source file in ${secondsSince(t).toFixed(1)} s`);

    t = process.hrtime.bigint();
    const keys = Array.from({ length: rounds }, (_, r) => `big-${r + 1}.bin`);
    // MAX_FILE_SIZE just above the file; the record quota holds every upload of the run.
    const server = await startServer(dataDir, size + 1, ['warm-up.bin', ...keys]);
    child = server.child;
    const info = server.info;
    note(`server pid ${info.pid} started in ${secondsSince(t).toFixed(1)} s (${import.meta.url.endsWith('.js') ? 'compiled JS' : 'node --import tsx'}); database: ${info.database}`);
    const idle = procStatus(info.pid);
    note(`server RSS idle (after start, before any upload): ${mb(idle.rss)} (VmHWM since start ${mb(idle.hwm)})`);

    // Warm-up upload: JIT, and a first memory point at a small size.
    const canReset = resetPeak(info.pid);
    if (!canReset) note('cannot reset VmHWM (/proc/<pid>/clear_refs refused): only the 50 ms samples count');
    let sampler = new RssSampler(info.pid);
    sampler.start();
    const warmSeconds = await httpUpload(info, 'warm-up.bin', src, warmSize);
    const warmMem = sampler.stop();
    const warmPeak = Math.max(warmMem.peakSampled, canReset ? warmMem.hwm : 0);
    note(`warm-up: ${int(warmSize / MiB)} MiB in ${warmSeconds.toFixed(2)} s (${mbps(warmSize, warmSeconds)}); server peak RSS ${mb(warmPeak)}`);

    let bestCopy = Infinity;
    let bestUpload = Infinity;
    let peak = 0;
    let samples = 0;
    let cpuAtBest = { main: 0, others: 0 };
    let commitMs = 0;
    for (let r = 0; r < rounds; r++) {
      // Baseline: fs copy of the same bytes (kept until the end: deleting 1 GiB on a `discard` mount slows the next writes).
      syncAll();
      const copySeconds = await fsCopy(src, path.join(dir, `fs-copy-${r + 1}.bin`));
      syncAll();

      resetPeak(info.pid);
      const cpuBefore = threadCpu(info.pid);
      sampler = new RssSampler(info.pid);
      sampler.start();
      const uploadSeconds = await httpUpload(info, keys[r]!, src, size);
      const mem = sampler.stop();
      const cpuAfter = threadCpu(info.pid);
      const cpu = { main: cpuAfter.main - cpuBefore.main, others: cpuAfter.others - cpuBefore.others };
      const commit = await httpCommit(info, keys[r]!);
      if (commit.entry.size !== size) throw new Error(`committed size ${commit.entry.size}, expected ${size}`);
      const roundPeak = Math.max(mem.peakSampled, canReset ? mem.hwm : 0);
      peak = Math.max(peak, roundPeak);
      samples += mem.samples;
      note(
        `round ${r + 1}: fs copy ${copySeconds.toFixed(2)} s (${mbps(size, copySeconds)}); HTTP PUT ${uploadSeconds.toFixed(2)} s (${mbps(size, uploadSeconds)}), ` +
          `server CPU main thread ${cpu.main.toFixed(2)} s (${Math.round((100 * cpu.main) / uploadSeconds)}% busy) + other threads ${cpu.others.toFixed(2)} s; ` +
          `commit ${(commit.seconds * 1000).toFixed(0)} ms; peak RSS ${mb(roundPeak)}`,
      );
      bestCopy = Math.min(bestCopy, copySeconds);
      if (uploadSeconds < bestUpload) {
        bestUpload = uploadSeconds;
        cpuAtBest = cpu;
      }
      commitMs = Math.max(commitMs, commit.seconds * 1000);
    }

    const hashBps = hashRate(Math.min(size, 512 * MiB));
    const uploadRate = size / bestUpload;
    const copyRate = size / bestCopy;
    const ratio = uploadRate / copyRate;
    note(
      `md5 + sha256 of 64 KiB chunks in one thread, no I/O: ${mbps(hashBps, 1)}, i.e. ${((size / hashBps) / bestUpload * 100).toFixed(0)}% of the best upload's time ` +
        `(the server's main thread was ${Math.round((100 * cpuAtBest.main) / bestUpload)}% busy then)`,
    );
    note(
      `server RSS: idle ${mb(idle.rss)}; peak ${mb(warmPeak)} for ${int(warmSize / MiB)} MiB, ${mb(peak)} for ${int(sizeMiB)} MiB ` +
        `(${samples} samples every 50 ms${canReset ? ', VmHWM reset before each upload' : ''}); the upload itself adds ${mb(peak - idle.rss)}`,
    );
    console.log(`PUT .../content (${int(sizeMiB)} MiB): ${mbps(size, bestUpload)}; fs copy: ${mbps(size, bestCopy)}; ratio ${ratioText(ratio)} (target ≥ ${TARGET_RATIO.toFixed(2)})`);
    console.log(
      `server peak RSS during the upload: ${mb(peak)} (target < ${mb(TARGET_RSS)}); ${int(sizeMiB)} MiB vs ${int(warmSize / MiB)} MiB peak: ${peak - warmPeak >= 0 ? '+' : ''}${mb(peak - warmPeak)}`,
    );
    return [
      {
        name: `upload ${int(sizeMiB)} MiB PUT`,
        figure: mbps(size, bestUpload),
        baseline: `${mbps(size, bestCopy)} fs`,
        ratio: ratioText(ratio),
        target: `≥ ${TARGET_RATIO.toFixed(2)}`,
        met: ratio >= TARGET_RATIO,
      },
      {
        name: 'upload server peak RSS',
        figure: mb(peak),
        baseline: `${mb(idle.rss)} idle`,
        ratio: '',
        target: `< ${mb(TARGET_RSS)}`,
        met: peak < TARGET_RSS,
      },
    ];
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    if (child) await stopServer(child);
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
