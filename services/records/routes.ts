/** HTTP for records and drafts: parse, call the service, serialize. No rules here. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyHeaders, pagingQuery } from '../platform/http-schemas.js';
import type { MetadataValidator } from '../platform/validation.js';
import { pageLinks } from './links.js';
import {
  auditSchema,
  draftInputSchema,
  ifMatchHeaders,
  problems,
  record200,
  record201,
  recordIdParams,
  recordListSchema,
} from './http-schemas.js';
import { etagOf, parseIfMatch } from './revision.js';
import { serializeRecord } from './serializer.js';
import type { DraftInput, RecordResult, RecordsService } from './service.js';
import type { Metadata } from './tables.js';

/** Turns a request body of another media type into draft metadata; throws a 400 AppError for a bad document. */
export type MetadataImporter = (body: string) => Metadata;

/** Other representations of a published record that `GET /api/records/{id}` offers by `Accept` (the exports context). */
export interface RecordRepresentations {
  /** The media types offered besides JSON (for the route schema). */
  readonly mediaTypes: readonly string[];
  /** Sends another representation when `Accept` asks for one and returns true; false keeps JSON. Throws 406 when nothing offered is acceptable. */
  send(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<boolean>;
}

export interface RecordRoutesOptions {
  records: RecordsService;
  validator: MetadataValidator;
  baseUrl: string;
  /** Media type → importer: `POST /api/records` also creates drafts from such documents (DataCite XML). */
  importers?: Readonly<Record<string, MetadataImporter>>;
  representations?: RecordRepresentations;
  /** Anonymous reads of published records are served from memory (purged on every change of the concept). */
  cache?: ResponseCache;
}

/** What the records routes need of a response cache (the web context's PageCache). */
export interface ResponseCache {
  get(key: string): { status: number; body: string; headers: Readonly<Record<string, string>>; etag: string } | undefined;
  stamp(): number;
  set(key: string, parentId: string, page: { status: number; body: string; headers: Record<string, string>; etag: string }, renderedFrom: number): void;
}

type IdReq = FastifyRequest<{ Params: { id: string } }>;
type Paging = { page: number; size: number };

export async function recordRoutes(app: FastifyInstance, opts: RecordRoutesOptions): Promise<void> {
  const { records, baseUrl } = opts;
  const send = (reply: FastifyReply, result: RecordResult, code = 200) =>
    reply.code(code).header('etag', etagOf(result.row.revision_id)).send(serializeRecord(result, baseUrl));
  const revision = (request: FastifyRequest) => parseIfMatch(request.headers['if-match'] as string | undefined);
  const list = (request: FastifyRequest, page: Paging, r: { hits: RecordResult[]; total: number }) => ({
    hits: { hits: r.hits.map((h) => serializeRecord(h, baseUrl)), total: r.total },
    links: pageLinks(`${baseUrl}${request.url}`, page.page, page.size, r.total),
  });
  const tags = ['records'];
  const importers = opts.importers ?? {};
  for (const [mediaType, importer] of Object.entries(importers)) {
    app.addContentTypeParser(mediaType, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, { metadata: importer(body as string) });
      } catch (err) {
        done(err as Error, undefined);
      }
    });
  }
  const createBody = Object.keys(importers).length === 0 ? draftInputSchema : {
    content: {
      'application/json': { schema: draftInputSchema },
      ...Object.fromEntries(Object.keys(importers).map((t) => [t, { schema: { type: 'object', description: `A ${t} document: its metadata becomes the new draft's (saved even when incomplete; see \`errors\`).` } }])),
    },
  };

  app.post('', {
    schema: { tags, operationId: 'createDraft', summary: 'Create a draft', headers: idempotencyHeaders, body: createBody, response: { ...record201, ...problems(400, 401, 403, 409, 415, 422) } },
  }, async (request, reply) => {
    const result = await records.createDraft(request.identity, (request.body ?? {}) as DraftInput);
    return send(reply.header('location', `${baseUrl}/api/records/${result.row.id}/draft`), result, 201);
  });

  app.get('/:id/draft', {
    schema: { tags, operationId: 'getDraft', summary: 'Read a draft', params: recordIdParams, response: { ...record200, ...problems(401, 403, 404) } },
  }, async (request: IdReq, reply) => send(reply, await records.readDraft(request.identity, request.params.id)));

  app.put('/:id/draft', {
    schema: { tags, operationId: 'updateDraft', summary: 'Update a draft (saved even when incomplete; see `errors`)', params: recordIdParams, headers: ifMatchHeaders, body: draftInputSchema, response: { ...record200, ...problems(400, 401, 403, 404, 412) } },
  }, async (request: IdReq, reply) =>
    send(reply, await records.updateDraft(request.identity, request.params.id, (request.body ?? {}) as DraftInput, { revisionId: revision(request) })));

  app.delete('/:id/draft', {
    schema: { tags, operationId: 'deleteDraft', summary: 'Delete a draft (or discard an edit)', params: recordIdParams, headers: ifMatchHeaders, response: { 204: { description: 'Deleted.', type: 'null' }, ...problems(401, 403, 404, 412) } },
  }, async (request: IdReq, reply) => {
    await records.deleteDraft(request.identity, request.params.id, { revisionId: revision(request) });
    return reply.code(204).send();
  });

  app.post('/:id/draft/actions/publish', {
    schema: { tags, operationId: 'publishDraft', summary: 'Publish a draft', params: recordIdParams, headers: { ...ifMatchHeaders, properties: { ...ifMatchHeaders.properties, ...idempotencyHeaders.properties } }, response: { 202: { description: 'Published.', $ref: 'record#' }, ...problems(400, 401, 403, 404, 409, 412, 422) } },
  }, async (request: IdReq, reply) => send(reply, await records.publish(request.identity, request.params.id, { revisionId: revision(request) }), 202));

  app.post('/:id/draft', {
    schema: { tags, operationId: 'editRecord', summary: 'Edit a published record (opens its draft)', params: recordIdParams, headers: idempotencyHeaders, response: { ...record201, ...problems(401, 403, 404, 409, 422) } },
  }, async (request: IdReq, reply) => {
    const { result } = await records.edit(request.identity, request.params.id);
    return send(reply, result, 201);
  });

  app.post('/:id/draft/actions/files-import', {
    schema: { tags, operationId: 'importFiles', summary: "Import the previous version's files into a new-version draft", params: recordIdParams, headers: idempotencyHeaders, response: { 201: { description: 'Imported.', $ref: 'record#' }, ...problems(400, 401, 403, 404, 409, 412, 422) } },
  }, async (request: IdReq, reply) => send(reply, await records.importFiles(request.identity, request.params.id, { revisionId: revision(request) }), 201));

  app.post('/:id/versions', {
    schema: { tags, operationId: 'createVersion', summary: 'Create a new version (returns the open one if it exists)', params: recordIdParams, headers: idempotencyHeaders, response: { ...record201, ...problems(401, 403, 404, 409, 422) } },
  }, async (request: IdReq, reply) => {
    const { result } = await records.newVersion(request.identity, request.params.id);
    return send(reply, result, 201);
  });

  app.get('/:id/versions', {
    schema: { tags, operationId: 'listVersions', summary: 'List the published versions', params: recordIdParams, querystring: pagingQuery, response: { 200: { description: 'Versions, newest first.', ...recordListSchema }, ...problems(400, 401, 403, 404) } },
  }, async (request: FastifyRequest<{ Params: { id: string }; Querystring: Paging }>) =>
    list(request, request.query, await records.listVersions(request.identity, request.params.id, request.query)));

  app.get('/:id/versions/latest', {
    schema: { tags, operationId: 'getLatestVersion', summary: 'Redirect to the latest version', params: recordIdParams, response: { 302: { description: 'Redirect to the latest version.', type: 'null' }, ...problems(401, 403, 404) } },
  }, async (request: IdReq, reply) => {
    const id = await records.latestVersionId(request.identity, request.params.id);
    return reply.redirect(`${baseUrl}/api/records/${encodeURIComponent(id)}`, 302);
  });

  const alternatives = opts.representations;
  const read200 = alternatives
    ? { 200: { description: 'The record, as JSON or in the format `Accept` asks for.', content: { 'application/json': { schema: { $ref: 'record#' } }, ...Object.fromEntries(alternatives.mediaTypes.map((t) => [t, { schema: { type: 'string' } }])) } } }
    : record200;
  app.get('/:id', {
    schema: { tags, operationId: 'getRecord', summary: 'Read a published record (410 with a tombstone when deleted)', params: recordIdParams, response: { ...read200, ...problems(400, 401, 403, 404, 406, 410) } },
  }, async (request: IdReq, reply) => {
    if (alternatives && (await alternatives.send(request, reply))) return reply;
    // What anyone may see is the same for every anonymous caller: serve it from memory.
    const cacheable = opts.cache && request.identity.kind === 'anonymous' && !request.identity.links?.length;
    const key = `api:record:${request.params.id}`;
    const hit = cacheable ? opts.cache!.get(key) : undefined;
    if (hit) return reply.code(hit.status).headers(hit.headers).header('etag', hit.etag).type('application/json; charset=utf-8').send(hit.body);
    const from = opts.cache?.stamp() ?? 0;
    const result = await records.read(request.identity, request.params.id);
    if (!cacheable) return send(reply, result);
    const body = JSON.stringify(serializeRecord(result, baseUrl));
    const etag = etagOf(result.row.revision_id);
    opts.cache!.set(key, result.parent.id, { status: 200, body, headers: {}, etag }, from);
    return reply.code(200).header('etag', etag).type('application/json; charset=utf-8').send(body);
  });

  app.post('/:id/delete', {
    schema: {
      tags,
      operationId: 'deleteRecord',
      summary: 'Delete a published record, leaving a tombstone (curators, administrators)',
      params: recordIdParams,
      headers: { ...ifMatchHeaders, properties: { ...ifMatchHeaders.properties, ...idempotencyHeaders.properties } },
      body: { type: 'object', properties: { reason: { type: 'string', minLength: 3, maxLength: 2000 } }, required: ['reason'], additionalProperties: false },
      response: { 204: { description: 'Deleted; the record now answers 410 with its tombstone.', type: 'null' }, ...problems(400, 401, 403, 404, 410, 412, 422) },
    },
  }, async (request: FastifyRequest<{ Params: { id: string }; Body: { reason: string } }>, reply) => {
    await records.deleteRecord(request.identity, request.params.id, request.body, { revisionId: revision(request) });
    return reply.code(204).send();
  });

  app.get('/:id/audit', {
    schema: {
      tags,
      operationId: 'getAuditLog', summary: 'The audit log of a record (owners and administrators)',
      params: recordIdParams,
      querystring: { type: 'object', properties: { after: { type: 'integer', minimum: 0 }, size: { type: 'integer', minimum: 1, maximum: 100, default: 50 } }, additionalProperties: false },
      response: { 200: { description: 'Entries, oldest first.', ...auditSchema }, ...problems(400, 401, 403, 404) },
    },
  }, async (request: FastifyRequest<{ Params: { id: string }; Querystring: { after?: number; size: number } }>) => {
    const subject = request.params.id;
    const page = await records.audit(request.identity, subject, request.query);
    const links: Record<string, string> = {};
    if (page.next !== undefined) links.next = `${baseUrl}/api/records/${encodeURIComponent(subject)}/audit?after=${page.next}&size=${request.query.size}`;
    return {
      hits: {
        hits: page.entries.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actor_id, action: e.action, before: e.before, after: e.after, request_id: e.request_id })),
      },
      links,
    };
  });
}

// GET /api/user/records (my drafts and records) is served by the search context: search/routes.ts.

export async function profileRoutes(app: FastifyInstance, opts: Pick<RecordRoutesOptions, 'validator'>): Promise<void> {
  app.get('', {
    schema: {
      tags: ['records'],
      operationId: 'listProfiles', summary: 'Resource-type profiles a draft may name',
      response: {
        200: {
          description: 'Profiles.',
          type: 'object',
          properties: { hits: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' } } } } },
        },
      },
    },
  }, async () => ({ hits: opts.validator.profiles() }));
}
