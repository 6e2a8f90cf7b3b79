/** HTTP for a record's grants and secret links, at InvenioRDM's paths under /api/records/{id}/access. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../platform/http-schemas.js';
import type { GrantInput, GrantsService } from './grants-service.js';
import type { GrantRow, SecretLinkRow } from './tables.js';

const tags = ['access'];
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const itemParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, itemId: { type: 'string', maxLength: 64 } }, required: ['id', 'itemId'] } as const;
const grantSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    subject: { type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' } } },
    permission: { type: 'string' },
    created: { type: 'string' },
    expires_at: { type: ['string', 'null'] },
  },
} as const;
const linkSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, permission: { type: 'string' }, description: { type: 'string' }, created: { type: 'string' }, expires_at: { type: ['string', 'null'] }, url: { type: 'string' }, token: { type: 'string' } },
} as const;
const grantOut = (g: GrantRow) => ({ id: g.id, subject: { type: g.subject_type, id: g.subject_id }, permission: g.permission, created: g.created_at.toISOString(), expires_at: g.expires_at?.toISOString() ?? null });
const linkOut = (l: SecretLinkRow) => ({ id: l.id, permission: l.permission, description: l.description, created: l.created_at.toISOString(), expires_at: l.expires_at?.toISOString() ?? null });
type IdReq = FastifyRequest<{ Params: { id: string } }>;
type ItemReq = FastifyRequest<{ Params: { id: string; itemId: string } }>;

export async function recordAccessRoutes(app: FastifyInstance, opts: { grants: GrantsService }): Promise<void> {
  const { grants } = opts;
  app.get('/:id/access/grants', {
    schema: { tags, operationId: 'listGrants', summary: 'Grants on the record (all its versions)', params: idParams, response: { 200: { description: 'Grants.', type: 'object', properties: { hits: { type: 'array', items: grantSchema } } }, ...problems(401, 403, 404, 410) } },
  }, async (request: IdReq) => ({ hits: (await grants.listGrants(request.identity, request.params.id)).map(grantOut) }));

  app.post('/:id/access/grants', {
    schema: {
      tags,
      operationId: 'createGrant',
      summary: 'Grant a user or group view, download, edit or manage on the record (all versions)',
      params: idParams,
      body: {
        type: 'object',
        properties: {
          subject: { type: 'object', properties: { type: { enum: ['user', 'group'] }, id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['type', 'id'], additionalProperties: false },
          permission: { enum: ['view', 'download', 'edit', 'manage'] },
          expires_at: { type: ['string', 'null'], format: 'date-time' },
        },
        required: ['subject', 'permission'],
        additionalProperties: false,
      },
      response: { 201: { description: 'Granted.', ...grantSchema }, ...problems(400, 401, 403, 404, 410, 422) },
    },
  }, async (request: FastifyRequest<{ Params: { id: string }; Body: GrantInput }>, reply) =>
    reply.code(201).send(grantOut(await grants.createGrant(request.identity, request.params.id, request.body))));

  app.delete('/:id/access/grants/:itemId', {
    schema: { tags, operationId: 'deleteGrant', summary: 'Revoke a grant', params: itemParams, response: { 204: { description: 'Revoked.', type: 'null' }, ...problems(401, 403, 404, 410) } },
  }, async (request: ItemReq, reply) => {
    await grants.deleteGrant(request.identity, request.params.id, request.params.itemId);
    return reply.code(204).send();
  });

  app.get('/:id/access/links', {
    schema: { tags, operationId: 'listLinks', summary: 'Secret links of the record', params: idParams, response: { 200: { description: 'Links.', type: 'object', properties: { hits: { type: 'array', items: linkSchema } } }, ...problems(401, 403, 404, 410) } },
  }, async (request: IdReq) => ({ hits: (await grants.listLinks(request.identity, request.params.id)).map(linkOut) }));

  app.post('/:id/access/links', {
    schema: {
      tags,
      operationId: 'createLink',
      summary: 'Create a time-limited secret link (view or download); its URL is shown once',
      params: idParams,
      body: {
        type: 'object',
        properties: { permission: { enum: ['view', 'download'] }, expires_at: { type: ['string', 'null'], format: 'date-time' }, description: { type: 'string', maxLength: 500 } },
        required: ['permission'],
        additionalProperties: false,
      },
      response: { 201: { description: 'Created.', ...linkSchema }, ...problems(400, 401, 403, 404, 410, 422) },
    },
  }, async (request: FastifyRequest<{ Params: { id: string }; Body: { permission: 'view' | 'download'; expires_at?: string | null; description?: string } }>, reply) => {
    const { link, token, url } = await grants.createLink(request.identity, request.params.id, request.body);
    return reply.code(201).send({ ...linkOut(link), token, url });
  });

  app.delete('/:id/access/links/:itemId', {
    schema: { tags, operationId: 'deleteLink', summary: 'Revoke a secret link', params: itemParams, response: { 204: { description: 'Revoked.', type: 'null' }, ...problems(401, 403, 404, 410) } },
  }, async (request: ItemReq, reply) => {
    await grants.deleteLink(request.identity, request.params.id, request.params.itemId);
    return reply.code(204).send();
  });
}
