/** HTTP for personal access tokens (the caller's) and user administration. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../platform/http-schemas.js';
import type { AuthService } from './auth-service.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { SCOPES, type Scope } from './identity.js';
import type { AccessService } from './service.js';
import type { Role } from './tables.js';

const tags = ['users'];
const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string', format: 'date-time' },
    expires_at: { type: ['string', 'null'], format: 'date-time' },
    last_used_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function userTokenRoutes(app: FastifyInstance, opts: { access: AccessService }): Promise<void> {
  app.get('', {
    schema: { tags, operationId: 'listTokens', summary: 'My personal access tokens (never their secrets)', response: { 200: { description: 'Tokens.', type: 'object', properties: { hits: { type: 'array', items: tokenSchema } } }, ...problems(401, 403) } },
  }, async (request) => {
    const tokens = await opts.access.listTokens(request.identity);
    return { hits: tokens.map((t) => ({ ...t, created_at: t.created_at.toISOString(), expires_at: iso(t.expires_at), last_used_at: iso(t.last_used_at) })) };
  });

  app.post('', {
    schema: {
      tags,
      operationId: 'createToken',
      summary: 'Create a personal access token (the secret is shown once)',
      body: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          scopes: { type: 'array', items: { enum: [...SCOPES] }, uniqueItems: true, maxItems: SCOPES.length },
          expires_at: { type: ['string', 'null'], format: 'date-time' },
        },
        required: ['name'],
        additionalProperties: false,
      },
      response: {
        201: { description: 'Created.', type: 'object', properties: { id: { type: 'string' }, token: { type: 'string' }, scopes: { type: 'array', items: { type: 'string' } }, expires_at: { type: ['string', 'null'] } } },
        ...problems(400, 401, 403),
      },
    },
  }, async (request: FastifyRequest<{ Body: { name: string; scopes?: Scope[]; expires_at?: string | null } }>, reply) => {
    const i = request.identity;
    const userId = i.kind === 'user' ? i.id : '';
    const created = await opts.access.createToken(i, userId, {
      name: request.body.name,
      ...(request.body.scopes ? { scopes: request.body.scopes } : {}),
      expiresAt: request.body.expires_at ? new Date(request.body.expires_at) : null,
    });
    return reply.code(201).send(created);
  });

  app.delete('/:tokenId', {
    schema: {
      tags,
      operationId: 'revokeToken',
      summary: 'Revoke a token',
      params: { type: 'object', properties: { tokenId: { type: 'string', maxLength: 64 } }, required: ['tokenId'] },
      response: { 204: { description: 'Revoked.', type: 'null' }, ...problems(401, 403, 404) },
    },
  }, async (request: FastifyRequest<{ Params: { tokenId: string } }>, reply) => {
    await opts.access.revokeToken(request.identity, request.params.tokenId);
    return reply.code(204).send();
  });
}

const roleProp = { enum: ['depositor', 'curator', 'admin'] } as const;

export async function userAdminRoutes(app: FastifyInstance, opts: { access: AccessService; auth: AuthService; baseUrl: string }): Promise<void> {
  app.post('', {
    schema: {
      tags,
      operationId: 'createUser',
      summary: 'Create a user (administrators)',
      body: {
        type: 'object',
        properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, role: roleProp, password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 } },
        required: ['email'],
        additionalProperties: false,
      },
      response: { 201: { description: 'Created.', type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } } }, ...problems(400, 401, 403, 409) },
    },
  }, async (request: FastifyRequest<{ Body: { email: string; role?: Role; password?: string } }>, reply) => {
    const user = await opts.access.createUser(request.identity, { email: request.body.email, ...(request.body.role ? { role: request.body.role } : {}) });
    if (request.body.password) await opts.auth.setPassword(request.identity, user.id, request.body.password);
    return reply.code(201).send({ id: user.id, email: user.email, role: user.role });
  });

  app.post('/invitations', {
    schema: {
      tags,
      operationId: 'inviteUser',
      summary: 'Invite someone by e-mail (administrators); returns the invitation link',
      body: { type: 'object', properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, role: roleProp }, required: ['email'], additionalProperties: false },
      response: { 201: { description: 'Invited.', type: 'object', properties: { id: { type: 'string' }, link: { type: 'string' }, token: { type: 'string' }, expires_at: { type: 'string' } } }, ...problems(400, 401, 403, 409) },
    },
  }, async (request: FastifyRequest<{ Body: { email: string; role?: Role } }>, reply) => {
    const inv = await opts.auth.invite(request.identity, request.body);
    return reply.code(201).send({ ...inv, link: `${opts.baseUrl}/invitations/${inv.token}` });
  });
}
