/** HTTP for groups (sites, projects) and their members. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../platform/http-schemas.js';
import type { GrantsService } from './grants-service.js';
import type { GroupRole } from './tables.js';

const tags = ['groups'];
const groupSchema = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, created: { type: 'string' } } } as const;
const groupParams = { type: 'object', properties: { groupId: { type: 'string', maxLength: 64 } }, required: ['groupId'] } as const;
const serialize = (g: { id: string; name: string; description: string; created_at: Date }) => ({ id: g.id, name: g.name, description: g.description, created: g.created_at.toISOString() });

export async function groupRoutes(app: FastifyInstance, opts: { grants: GrantsService }): Promise<void> {
  const { grants } = opts;
  app.get('', {
    schema: { tags, operationId: 'listGroups', summary: 'Groups', response: { 200: { description: 'Groups.', type: 'object', properties: { hits: { type: 'array', items: groupSchema } } }, ...problems(401, 403) } },
  }, async (request) => ({ hits: (await grants.listGroups(request.identity)).map(serialize) }));

  app.post('', {
    schema: {
      tags,
      operationId: 'createGroup',
      summary: 'Create a group (administrators)',
      body: { type: 'object', properties: { name: { type: 'string', minLength: 2, maxLength: 64 }, description: { type: 'string', maxLength: 2000 } }, required: ['name'], additionalProperties: false },
      response: { 201: { description: 'Created.', ...groupSchema }, ...problems(400, 401, 403, 409) },
    },
  }, async (request: FastifyRequest<{ Body: { name: string; description?: string } }>, reply) =>
    reply.code(201).send(serialize(await grants.createGroup(request.identity, request.body))));

  app.get('/:groupId', {
    schema: {
      tags,
      operationId: 'getGroup',
      summary: 'A group and its members (members and administrators)',
      params: groupParams,
      response: {
        200: {
          description: 'The group.',
          type: 'object',
          properties: {
            ...groupSchema.properties,
            members: { type: 'array', items: { type: 'object', properties: { user_id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } } } },
          },
        },
        ...problems(401, 403, 404),
      },
    },
  }, async (request: FastifyRequest<{ Params: { groupId: string } }>) => {
    const { group, members } = await grants.getGroup(request.identity, request.params.groupId);
    return { ...serialize(group), members };
  });

  app.put('/:groupId/members', {
    schema: {
      tags,
      operationId: 'setGroupMember',
      summary: "Add a member or change a member's role (administrators, the group's managers)",
      params: groupParams,
      body: { type: 'object', properties: { user: { type: 'string', minLength: 1, maxLength: 254, description: 'User id or e-mail.' }, role: { enum: ['member', 'manager'] } }, required: ['user', 'role'], additionalProperties: false },
      response: { 204: { description: 'Done.', type: 'null' }, ...problems(400, 401, 403, 404) },
    },
  }, async (request: FastifyRequest<{ Params: { groupId: string }; Body: { user: string; role: GroupRole } }>, reply) => {
    await grants.setMember(request.identity, request.params.groupId, request.body);
    return reply.code(204).send();
  });

  app.delete('/:groupId/members/:userId', {
    schema: {
      tags,
      operationId: 'removeGroupMember',
      summary: 'Remove a member',
      params: { type: 'object', properties: { groupId: { type: 'string', maxLength: 64 }, userId: { type: 'string', maxLength: 64 } }, required: ['groupId', 'userId'] },
      response: { 204: { description: 'Removed.', type: 'null' }, ...problems(401, 403, 404) },
    },
  }, async (request: FastifyRequest<{ Params: { groupId: string; userId: string } }>, reply) => {
    await grants.removeMember(request.identity, request.params.groupId, request.params.userId);
    return reply.code(204).send();
  });
}
