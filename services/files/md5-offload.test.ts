import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HashingStream } from './hashing-stream.js';
import { Md5Offload } from './md5-offload.js';

// A small high-water mark so the test exercises the wait for the worker.
const offload = new Md5Offload({ highWaterBytes: 64 * 1024 });
afterAll(() => offload.close());

async function digestThrough(chunks: Buffer[], md5?: Md5Offload) {
  const hashing = new HashingStream({ bytes: Number.MAX_SAFE_INTEGER, error: () => new Error('limit') }, md5);
  let passed = 0;
  await pipeline(Readable.from(chunks), hashing, new Writable({ write: (c: Buffer, _e, cb) => ((passed += c.length), cb()) }));
  return { ...hashing.digest(), passed };
}

describe('MD5 on a worker thread', () => {
  it('gives the same digests as hashing on the main thread, for several streams at once', async () => {
    const inputs = [1, 2, 3].map(() => Array.from({ length: 200 }, () => randomBytes(16 * 1024 + Math.floor(Math.random() * 1000))));
    const results = await Promise.all(inputs.map((chunks) => digestThrough(chunks, offload)));
    for (const [i, chunks] of inputs.entries()) {
      const all = Buffer.concat(chunks);
      expect(results[i]).toEqual({
        size: all.length,
        md5: createHash('md5').update(all).digest('hex'),
        sha256: createHash('sha256').update(all).digest('hex'),
        passed: all.length,
      });
      expect(results[i]).toEqual(await digestThrough(chunks));
    }
  });

  it('hashes an empty stream', async () => {
    expect((await digestThrough([], offload)).md5).toBe(createHash('md5').digest('hex'));
  });
});
