/**
 * HTTP for requests at InvenioRDM's paths (registered under /api): the requests themselves
 * (`/requests`, `/requests/{id}/actions/{action}`, `/requests/{id}/comments`), the curator
 * queue (`/curation/queue`) and the ways to open one from a record (`/records/{id}/…`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyHeaders, problems } from '../platform/http-schemas.js';
import { pageLinks } from '../records/links.js';
import {
  accessRequestBody,
  actionParams,
  commentBody,
  decisionBody,
  extensionBody,
  listQuery,
  messageBody,
  queueQuery,
  queueSchema,
  recordIdParams,
  requestIdParams,
  requestListSchema,
} from './http-schemas.js';
import { serializeEvent, serializeRequest } from './serializer.js';
import type { Decision, DecisionInput, RequestQuery, RequestsService, RequestView } from './service.js';

export interface RequestRoutesOptions {
  requests: RequestsService;
  baseUrl: string;
}

type IdReq<B = unknown> = FastifyRequest<{ Params: { id: string }; Body: B }>;
const tags = ['requests'];
// Bodies are optional on these POSTs: validate an absent one as {}.
const emptyBody = async (request: { body: unknown }) => {
  request.body ??= {};
};

export async function requestRoutes(app: FastifyInstance, opts: RequestRoutesOptions): Promise<void> {
  const { requests, baseUrl } = opts;
  const created = (reply: FastifyReply, view: RequestView) => {
    const out = serializeRequest(view, baseUrl);
    return reply.code(201).header('location', out.links.self).send(out);
  };

  app.get('/requests', {
    schema: { tags, operationId: 'listRequests', summary: 'Requests the caller made, receives, or (curators) all', querystring: listQuery, response: { 200: { description: 'Requests, newest first.', ...requestListSchema }, ...problems(400, 401) } },
  }, async (request: FastifyRequest<{ Querystring: RequestQuery }>) => {
    const q = request.query;
    const r = await requests.list(request.identity, q);
    return { hits: { hits: r.hits.map((h) => serializeRequest(h, baseUrl)), total: r.total }, links: pageLinks(`${baseUrl}${request.url}`, q.page, q.size, r.total) };
  });

  app.get('/requests/:id', {
    schema: { tags, operationId: 'getRequest', summary: 'Read a request with its timeline', params: requestIdParams, response: { 200: { description: 'The request.', $ref: 'request#' }, ...problems(401, 404) } },
  }, async (request: IdReq) => serializeRequest(await requests.get(request.identity, request.params.id), baseUrl));

  app.post<{ Params: { id: string; action: Decision }; Body: DecisionInput }>('/requests/:id/actions/:action', {
    schema: {
      tags,
      operationId: 'actOnRequest',
      summary: 'Accept or decline a request (its receiver), or cancel it (its creator)',
      description: 'Accepting applies the request in the same transaction: approves the draft revision, moves or lifts the embargo, or grants download access.',
      params: actionParams,
      body: decisionBody,
      response: { 200: { description: 'The request after the action, with its timeline.', $ref: 'request#' }, ...problems(400, 401, 403, 404, 409) },
    },
    preValidation: emptyBody,
  }, async (request) => {
    const { id, action } = request.params;
    const view = await requests[action](request.identity, id, request.body);
    return serializeRequest(view, baseUrl);
  });

  app.post('/requests/:id/comments', {
    schema: { tags, operationId: 'commentOnRequest', summary: "Add a comment to a request's timeline", params: requestIdParams, headers: idempotencyHeaders, body: commentBody, response: { 201: { description: 'The comment.', $ref: 'requestEvent#' }, ...problems(400, 401, 404, 422) } },
  }, async (request: IdReq<{ content: string }>, reply) => reply.code(201).send(serializeEvent(await requests.comment(request.identity, request.params.id, request.body.content))));

  app.get('/curation/queue', {
    schema: { tags, operationId: 'curationQueue', summary: 'Curators: requests waiting for a decision and embargoes ending soon', querystring: queueQuery, response: { 200: { description: 'The queue.', ...queueSchema }, ...problems(400, 401, 403) } },
  }, async (request: FastifyRequest<{ Querystring: { days: number } }>) => {
    const q = await requests.queue(request.identity, { days: request.query.days });
    return { requests: { hits: q.requests.hits.map((h) => serializeRequest(h, baseUrl)), total: q.requests.total }, embargoes: q.embargoes };
  });

  app.post('/records/:id/access/request', {
    schema: {
      tags,
      operationId: 'requestAccess',
      summary: "Ask the owner for access to a record's restricted files",
      params: recordIdParams,
      headers: idempotencyHeaders,
      body: accessRequestBody,
      response: { 201: { description: 'The request.', $ref: 'request#' }, ...problems(400, 401, 403, 404, 409, 410, 422) },
    },
    preValidation: emptyBody,
  }, async (request: IdReq<{ message?: string | null; expires_at?: string | null }>, reply) => created(reply, await requests.requestAccess(request.identity, request.params.id, request.body)));

  app.post('/records/:id/draft/actions/submit-review', {
    schema: {
      tags,
      operationId: 'submitReview',
      summary: 'Ask the curators to review a draft that needs it (sensitive or flagged) before publishing',
      params: recordIdParams,
      headers: idempotencyHeaders,
      body: messageBody,
      response: { 201: { description: 'The review request.', $ref: 'request#' }, ...problems(400, 401, 403, 404, 409, 422) },
    },
    preValidation: emptyBody,
  }, async (request: IdReq<{ message?: string | null }>, reply) => created(reply, await requests.submitPublishReview(request.identity, request.params.id, request.body)));

  app.post('/records/:id/requests/embargo-extension', {
    schema: {
      tags,
      operationId: 'requestEmbargoExtension',
      summary: "Ask the curators to extend a published record's embargo",
      params: recordIdParams,
      headers: idempotencyHeaders,
      body: extensionBody,
      response: { 201: { description: 'The request.', $ref: 'request#' }, ...problems(400, 401, 403, 404, 409, 410, 422) },
    },
  }, async (request: IdReq<{ until: string; message?: string | null }>, reply) => created(reply, await requests.requestEmbargoExtension(request.identity, request.params.id, request.body)));

  app.post('/records/:id/requests/early-lift', {
    schema: {
      tags,
      operationId: 'requestEarlyLift',
      summary: "Ask the curators to lift a published record's embargo now",
      params: recordIdParams,
      headers: idempotencyHeaders,
      body: messageBody,
      response: { 201: { description: 'The request.', $ref: 'request#' }, ...problems(400, 401, 403, 404, 409, 410, 422) },
    },
    preValidation: emptyBody,
  }, async (request: IdReq<{ message?: string | null }>, reply) => created(reply, await requests.requestEarlyLift(request.identity, request.params.id, request.body)));
}
