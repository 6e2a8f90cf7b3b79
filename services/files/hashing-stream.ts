/**
 * A pass-through Transform that counts the bytes going by and computes their MD5 and
 * SHA-256, and fails as soon as more than `limit` bytes have passed (so an oversized
 * upload is cut off at the limit, not after it has been written out in full).
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Md5Job, Md5Offload } from './md5-offload.js';

export interface ByteLimit {
  /** The most bytes allowed through. */
  readonly bytes: number;
  /** The error to fail with once more arrive (e.g. FileTooLargeError). */
  readonly error: () => Error;
}

export interface StreamDigest {
  size: number;
  /** Lowercase hex. */
  md5: string;
  /** Lowercase hex. */
  sha256: string;
}

export class HashingStream extends Transform {
  // MD5 runs on the offload worker when one is given, else here.
  readonly #md5: Hash | undefined;
  readonly #md5Job: Md5Job | undefined;
  readonly #sha256: Hash = createHash('sha256');
  readonly #limit: ByteLimit;
  #size = 0;
  #digest: StreamDigest | undefined;

  constructor(limit: ByteLimit, md5Offload?: Md5Offload) {
    super();
    this.#limit = limit;
    this.#md5Job = md5Offload?.job();
    this.#md5 = this.#md5Job ? undefined : createHash('md5');
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.#size += bytes.length;
    if (this.#size > this.#limit.bytes) {
      callback(this.#limit.error());
      return;
    }
    this.#sha256.update(bytes);
    if (this.#md5) this.#md5.update(bytes);
    const behind = this.#md5Job?.update(bytes);
    if (behind) void behind.then(() => callback(null, bytes));
    else callback(null, bytes);
  }

  override _flush(callback: TransformCallback): void {
    const sha256 = this.#sha256.digest('hex');
    const md5 = this.#md5 ? Promise.resolve(this.#md5.digest('hex')) : this.#md5Job!.digest();
    md5.then(
      (hex) => {
        this.#digest = { size: this.#size, md5: hex, sha256 };
        callback();
      },
      (err: Error) => callback(err),
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#digest) this.#md5Job?.abort();
    callback(err);
  }

  /** The size and digests; available once the stream has ended. Throws before that. */
  digest(): StreamDigest {
    if (!this.#digest) throw new Error('HashingStream: digest() before the end of the stream');
    return this.#digest;
  }
}
