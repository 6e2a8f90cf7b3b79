/**
 * A pass-through Transform that counts the bytes going by and computes their MD5 and
 * SHA-256, and fails as soon as more than `limit` bytes have passed (so an oversized
 * upload is cut off at the limit, not after it has been written out in full).
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

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
  readonly #md5: Hash = createHash('md5');
  readonly #sha256: Hash = createHash('sha256');
  readonly #limit: ByteLimit;
  #size = 0;
  #digest: StreamDigest | undefined;

  constructor(limit: ByteLimit) {
    super();
    this.#limit = limit;
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.#size += bytes.length;
    if (this.#size > this.#limit.bytes) {
      callback(this.#limit.error());
      return;
    }
    this.#md5.update(bytes);
    this.#sha256.update(bytes);
    callback(null, bytes);
  }

  override _flush(callback: TransformCallback): void {
    this.#digest = { size: this.#size, md5: this.#md5.digest('hex'), sha256: this.#sha256.digest('hex') };
    callback();
  }

  /** The size and digests; available once the stream has ended. Throws before that. */
  digest(): StreamDigest {
    if (!this.#digest) throw new Error('HashingStream: digest() before the end of the stream');
    return this.#digest;
  }
}
