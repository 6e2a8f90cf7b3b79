/** HTTP for DOIs: reserve a draft's DOI (InvenioRDM's route) and resolve DOIs minted here. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../platform/http-schemas.js';
import { ifMatchHeaders, recordIdParams } from '../records/http-schemas.js';
import { parseIfMatch } from '../records/revision.js';
import { serializeRecord } from '../records/serializer.js';
import type { PidsService } from './service.js';

export interface PidRoutesOptions {
  pids: PidsService;
  baseUrl: string;
}

/** `POST /api/records/{id}/draft/pids/doi`, under the `/api/records` prefix. */
export async function draftPidRoutes(app: FastifyInstance, opts: PidRoutesOptions): Promise<void> {
  app.post('/:id/draft/pids/doi', {
    schema: {
      tags: ['pids'],
      operationId: 'reserveDoi',
      summary: "Reserve the draft's DOI (the one it will be published under)",
      description: 'Idempotent: 201 when reserved now, 200 when the draft already has its DOI. With DataCite the DOI is registered as a draft DOI in the background (`status` pending, then reserved).',
      params: recordIdParams,
      headers: ifMatchHeaders,
      response: {
        200: { description: 'The draft, which already had its DOI.', $ref: 'record#' },
        201: { description: 'The draft with its reserved DOI in `pids.doi`.', $ref: 'record#' },
        ...problems(400, 401, 403, 404, 412),
      },
    },
  }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const { result, created } = await opts.pids.reserveDoi(request.identity, request.params.id, { revisionId: parseIfMatch(request.headers['if-match'] as string | undefined) });
    return reply.code(created ? 201 : 200).send(serializeRecord(result, opts.baseUrl));
  });
}

type DoiRequest = FastifyRequest<{ Params: { prefix: string; suffix: string }; Querystring: { noredirect?: string } }>;

/** `GET /doi/{prefix}/{suffix}`: this repository's resolver (local DOIs never resolve at doi.org). */
export async function doiResolverRoutes(app: FastifyInstance, opts: PidRoutesOptions): Promise<void> {
  app.get('/:prefix/:suffix', {
    schema: {
      tags: ['pids'],
      operationId: 'resolveDoi',
      summary: 'Resolve a DOI to its landing page (a concept DOI to the latest version)',
      description: 'Redirects (302). With `noredirect`, answers the resolution as JSON instead, as the DOI proxy does for `?noredirect`.',
      params: {
        type: 'object',
        properties: {
          prefix: { type: 'string', pattern: '^10\\.[0-9.]+$', description: 'DOI prefix, e.g. 10.5072.' },
          suffix: { type: 'string', minLength: 1, maxLength: 200, description: 'DOI suffix, e.g. cairn.k3x9p-2mq7a.' },
        },
        required: ['prefix', 'suffix'],
      },
      querystring: { type: 'object', properties: { noredirect: { type: 'string', enum: ['', 'true', 'false', '1', '0'], description: 'Present (or true): answer JSON instead of redirecting.' } }, additionalProperties: false },
      response: {
        200: {
          description: 'Where the DOI resolves (with `noredirect`).',
          type: 'object',
          properties: {
            doi: { type: 'string' },
            url: { type: 'string', format: 'uri' },
            record_id: { type: 'string' },
            concept: { type: 'boolean', description: 'A concept DOI, resolving to the latest version.' },
          },
        },
        302: { description: 'Redirect to the landing page.', type: 'null' },
        ...problems(400, 404),
      },
    },
  }, async (request: DoiRequest, reply) => {
    const r = await opts.pids.resolve(`${request.params.prefix}/${request.params.suffix}`);
    const noredirect = request.query.noredirect;
    if (noredirect !== undefined && noredirect !== 'false' && noredirect !== '0') return { doi: r.doi, url: r.url, record_id: r.recordId, concept: r.concept };
    return reply.redirect(r.url, 302);
  });
}
