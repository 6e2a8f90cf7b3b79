import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import { ping } from './db/kysely.js';
import { AppError } from './errors.js';

class NotReadyError extends AppError {
  readonly code = 'NOT_READY';
  readonly status = 503;
  readonly title = 'Not ready';
}

const ok = { 200: { description: 'OK.', type: 'object', properties: { status: { type: 'string' } } } };

export async function healthRoutes(app: FastifyInstance, opts: { db: Kysely<Database> }): Promise<void> {
  app.get('/live', { schema: { tags: ['operations'], operationId: 'getLiveness', summary: 'The process is up', response: ok } }, async () => ({ status: 'ok' }));
  app.get('/ready', {
    schema: { tags: ['operations'], operationId: 'getReadiness', summary: 'The database answers', response: { ...ok, 503: { description: 'Not ready.', content: { 'application/problem+json': { schema: { $ref: 'problem#' } } } } } },
  }, async (request) => {
    try {
      await ping(opts.db);
    } catch (err) {
      request.log.warn({ err }, 'readiness: database unreachable');
      throw new NotReadyError('The database does not answer.');
    }
    return { status: 'ok' };
  });
}
