/** HTTP for files: declare, stream content (raw or multipart form), commit, list, download with Range. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import rangeParser from 'range-parser';
import path from 'node:path';
import { parseDigestHeaders } from '../files/digest.js';
import type { FileEntry, FileInit } from '../files/service.js';
import { BadRequestError } from '../platform/errors.js';
import { problems } from '../platform/http-schemas.js';
import type { DraftFilesService } from './draft-files-service.js';
import { fileListSchema, fileParams, initFilesBody, partParams, partSchema, uploadHeaders } from './file-http-schemas.js';
import { fileLinks } from './links.js';
import { recordIdParams } from './http-schemas.js';

export interface FileRoutesOptions {
  draftFiles: DraftFilesService;
  baseUrl: string;
  /** Largest single file (bytes), for the multipart form parser. */
  maxFileSize?: number;
}

type FileReq = FastifyRequest<{ Params: { id: string; key: string } }>;
type PartReq = FastifyRequest<{ Params: { id: string; key: string; part: number } }>;

const tags = ['files'];
const entry200 = { 200: { description: 'The file entry.', $ref: 'file-entry#' } };

function serializeEntry(base: string, id: string, isDraft: boolean, e: FileEntry) {
  return {
    key: e.key,
    status: e.status,
    size: e.size,
    mimetype: e.mimetype,
    checksum: e.checksum,
    checksums: e.checksums,
    metadata: e.metadata,
    transfer: e.transfer,
    created: e.created.toISOString(),
    updated: e.updated.toISOString(),
    links: fileLinks(base, id, isDraft, e.key, e.status === 'pending' && e.transfer.type === 'M' ? e.transfer.parts : undefined),
  };
}

function listing(base: string, id: string, isDraft: boolean, l: { enabled: boolean; entries: FileEntry[] }) {
  return {
    enabled: l.enabled,
    entries: l.entries.map((e) => serializeEntry(base, id, isDraft, e)),
    total_bytes: l.entries.reduce((n, e) => n + (e.size ?? 0), 0),
    links: { self: `${base}/api/records/${encodeURIComponent(id)}${isDraft ? '/draft' : ''}/files` },
  };
}

function contentLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined) return undefined;
  const n = Number(header);
  if (!Number.isSafeInteger(n) || n < 0) throw new BadRequestError('Content-Length must be a non-negative integer.');
  return n;
}

/** Sends a file's bytes with ETag, Range (one range; several are answered in full), type and disposition. */
async function sendContent(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: FileEntry,
  open: (range?: { start: number; end: number }) => Promise<{ stream: NodeJS.ReadableStream }>,
) {
  const size = entry.size ?? 0;
  const etag = `"${entry.checksums.sha256}"`;
  reply.header('etag', etag).header('accept-ranges', 'bytes').header('content-type', entry.mimetype);
  reply.header('content-disposition', contentDisposition(path.posix.basename(entry.key)));
  reply.header('cache-control', 'private, no-cache');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const rangeHeader = request.headers.range;
  const ifRange = request.headers['if-range'];
  if (rangeHeader && (ifRange === undefined || ifRange === etag) && size > 0) {
    const ranges = rangeParser(size, rangeHeader, { combine: true });
    if (ranges === -1) {
      return reply.code(416).header('content-range', `bytes */${size}`).type('application/problem+json; charset=utf-8').send({
        type: 'about:blank', title: 'Range not satisfiable', status: 416, code: 'RANGE_NOT_SATISFIABLE', detail: `The file has ${size} bytes.`, instance: request.url, request_id: String(request.id),
      });
    }
    if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
      const { start, end } = ranges[0]!;
      const { stream } = await open({ start, end });
      reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`).header('content-length', end - start + 1);
      return reply.send(stream);
    }
  }
  const { stream } = await open();
  reply.header('content-length', size);
  return reply.send(stream);
}

/** Raw request bodies: the content parser hands the stream through untouched (never buffered). */
async function rawBodyScope(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
}

export async function draftFileRoutes(app: FastifyInstance, opts: FileRoutesOptions): Promise<void> {
  const { draftFiles, baseUrl } = opts;

  app.get('/:id/draft/files', {
    schema: { tags, operationId: 'listDraftFiles', summary: "List a draft's files", params: recordIdParams, response: { 200: { description: 'Files.', ...fileListSchema }, ...problems(401, 403, 404) } },
  }, async (request: FastifyRequest<{ Params: { id: string } }>) =>
    listing(baseUrl, request.params.id, true, await draftFiles.listDraftFiles(request.identity, request.params.id)));

  app.post('/:id/draft/files', {
    schema: { tags, operationId: 'initDraftFiles', summary: 'Declare files (InvenioRDM: init)', params: recordIdParams, body: initFilesBody, response: { 201: { description: 'Declared.', ...fileListSchema }, ...problems(400, 401, 403, 404, 409, 413, 422) } },
  }, async (request: FastifyRequest<{ Params: { id: string }; Body: FileInit[] }>, reply) => {
    const entries = await draftFiles.initDraftFiles(request.identity, request.params.id, request.body);
    return reply.code(201).send(listing(baseUrl, request.params.id, true, { enabled: true, entries }));
  });

  app.get('/:id/draft/files/:key', {
    schema: { tags, operationId: 'getDraftFile', summary: 'One draft file', params: fileParams, response: { ...entry200, ...problems(401, 403, 404) } },
  }, async (request: FileReq) => serializeEntry(baseUrl, request.params.id, true, await draftFiles.getDraftFile(request.identity, request.params.id, request.params.key)));

  app.post('/:id/draft/files/:key/commit', {
    schema: { tags, operationId: 'commitDraftFile', summary: 'Commit an upload (assembles multipart parts)', params: fileParams, response: { ...entry200, ...problems(400, 401, 403, 404, 409, 422) } },
  }, async (request: FileReq) => serializeEntry(baseUrl, request.params.id, true, await draftFiles.commitDraftFile(request.identity, request.params.id, request.params.key)));

  app.delete('/:id/draft/files/:key', {
    schema: { tags, operationId: 'deleteDraftFile', summary: 'Delete a draft file', params: fileParams, response: { 204: { description: 'Deleted.', type: 'null' }, ...problems(401, 403, 404, 409) } },
  }, async (request: FileReq, reply) => {
    await draftFiles.deleteDraftFile(request.identity, request.params.id, request.params.key);
    return reply.code(204).send();
  });

  app.get('/:id/draft/files/:key/content', {
    schema: { tags, operationId: 'getDraftFileContent', summary: 'Download a draft file (owners)', params: fileParams, response: { 200: { description: 'The bytes.' }, 206: { description: 'A range of the bytes.' }, 304: { description: 'Not modified.' }, ...problems(401, 403, 404, 416) } },
  }, async (request: FileReq, reply) => {
    const { id, key } = request.params;
    const entry = await draftFiles.getDraftFile(request.identity, id, key);
    return sendContent(request, reply, entry, (range) => draftFiles.openDraftContent(request.identity, id, key, range));
  });

  await app.register(async (raw) => {
    await rawBodyScope(raw);
    raw.put('/:id/draft/files/:key/content', {
      schema: { tags, operationId: 'putDraftFileContent', summary: 'Upload content (streamed; md5 and sha256 computed on the way)', params: fileParams, headers: uploadHeaders, response: { ...entry200, ...problems(400, 401, 403, 404, 409, 413, 422) } },
    }, async (request: FileReq) => {
      const { id, key } = request.params;
      const entry = await draftFiles.putDraftContent(request.identity, id, key, request.raw, {
        digests: parseDigestHeaders(request.headers),
        ...(request.headers['content-length'] !== undefined ? { contentLength: contentLength(request) } : {}),
      });
      return serializeEntry(baseUrl, id, true, entry);
    });
    raw.put('/:id/draft/files/:key/content/:part', {
      schema: { tags, operationId: 'putDraftFilePart', summary: 'Upload one part of a multipart transfer (re-send a dropped part alone)', params: partParams, headers: uploadHeaders, response: { 200: { description: 'The part.', ...partSchema }, ...problems(400, 401, 403, 404, 409, 413, 422) } },
    }, async (request: PartReq) => {
      const { id, key, part } = request.params;
      const md5 = parseDigestHeaders(request.headers).md5;
      const len = contentLength(request);
      return draftFiles.putDraftPart(request.identity, id, key, part, request.raw, { ...(len !== undefined ? { contentLength: len } : {}), ...(md5 ? { md5 } : {}) });
    });
  });

  await app.register(async (form) => {
    await form.register(multipart, { limits: { fileSize: Number.MAX_SAFE_INTEGER, files: 100, fields: 10 }, throwFileSizeLimit: false });
    form.post('/:id/draft/files/upload', {
      schema: {
        tags,
        operationId: 'uploadDraftFilesForm', summary: 'Upload files from a browser form (multipart/form-data): declare, upload and commit each file part',
        params: recordIdParams,
        consumes: ['multipart/form-data'],
        response: { 201: { description: 'Uploaded.', ...fileListSchema }, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      if (!request.isMultipart()) throw new BadRequestError('Send multipart/form-data with one or more file parts.');
      const entries: FileEntry[] = [];
      for await (const part of request.files()) {
        const key = part.filename;
        entries.push(await draftFiles.uploadDraftFile(request.identity, request.params.id, key, part.file, { digests: {}, mimetype: part.mimetype }));
      }
      if (entries.length === 0) throw new BadRequestError('The form holds no file.');
      return reply.code(201).send(listing(baseUrl, request.params.id, true, { enabled: true, entries }));
    });
  });
}

export async function recordFileRoutes(app: FastifyInstance, opts: FileRoutesOptions): Promise<void> {
  const { draftFiles, baseUrl } = opts;

  app.get('/:id/files', {
    schema: { tags, operationId: 'listRecordFiles', summary: "List a record's files", params: recordIdParams, response: { 200: { description: 'Files.', ...fileListSchema }, ...problems(401, 403, 404) } },
  }, async (request: FastifyRequest<{ Params: { id: string } }>) =>
    listing(baseUrl, request.params.id, false, await draftFiles.listRecordFiles(request.identity, request.params.id)));

  app.get('/:id/files/:key', {
    schema: { tags, operationId: 'getRecordFile', summary: 'One file of a record', params: fileParams, response: { ...entry200, ...problems(401, 403, 404) } },
  }, async (request: FileReq) => serializeEntry(baseUrl, request.params.id, false, await draftFiles.getRecordFile(request.identity, request.params.id, request.params.key)));

  app.get('/:id/files/:key/content', {
    schema: { tags, operationId: 'getRecordFileContent', summary: 'Download a file (Range, ETag)', params: fileParams, response: { 200: { description: 'The bytes.' }, 206: { description: 'A range of the bytes.' }, 304: { description: 'Not modified.' }, ...problems(401, 403, 404, 416) } },
  }, async (request: FileReq, reply) => {
    const { id, key } = request.params;
    const entry = await draftFiles.getRecordFile(request.identity, id, key);
    return sendContent(request, reply, entry, (range) => draftFiles.openRecordContent(request.identity, id, key, range));
  });
}
