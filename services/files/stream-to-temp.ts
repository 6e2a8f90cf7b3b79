/**
 * Streams an upload into a staging file of the store, through a HashingStream, with
 * backpressure (`stream/promises` pipeline) and never holding the body in memory.
 *
 * On any failure the staging file is deleted and the source destroyed; the error is
 * the limit's (413/400) when too many bytes came, `UploadAbortedError` when the source
 * failed or ended prematurely (a client that disconnected), anything else as it was.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../platform/errors.js';
import { UploadAbortedError } from './errors.js';
import type { FileStore } from './file-store.js';
import { HashingStream, type ByteLimit, type StreamDigest } from './hashing-stream.js';
import type { Md5Offload } from './md5-offload.js';

export interface StagedBytes extends StreamDigest {
  /** The staging file holding the bytes. */
  tempPath: string;
}


/** Copies `source` into a new staging file. Throws the limit's error, UploadAbortedError, or an I/O error. */
export async function streamToTemp(source: Readable, store: FileStore, limit: ByteLimit, md5Offload?: Md5Offload): Promise<StagedBytes> {
  const writer = await store.createTempWriter();
  const hashing = new HashingStream(limit, md5Offload);
  // pipeline destroys every stream with the first error, so remember whose it was.
  let sourceFailedFirst: boolean | undefined;
  const onSourceError = () => (sourceFailedFirst ??= true);
  const onOtherError = () => (sourceFailedFirst ??= false);
  source.once('error', onSourceError);
  hashing.once('error', onOtherError);
  writer.stream.once('error', onOtherError);
  try {
    await pipeline(source, hashing, writer.stream);
  } catch (err) {
    if (!source.destroyed) source.destroy();
    await store.discardTemp(writer.path);
    if (err instanceof AppError) throw err;
    // The source failed or closed early: the client went away mid-upload.
    const premature = (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
    if (sourceFailedFirst === true || (premature && source.readableAborted)) throw new UploadAbortedError(err);
    throw err;
  }
  return { tempPath: writer.path, ...hashing.digest() };
}
