/**
 * Resolves `Authorization: Bearer <token>` into `request.identity` for every request.
 * No header means anonymous; a bad token is a 401 (never silently anonymous), so a
 * pipeline with an expired token learns it at once.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ANONYMOUS, type Identity } from '../access/identity.js';
import { BadRequestError } from './errors.js';
import './request-context.js';

export interface AuthHooksOptions {
  /** Resolves a bearer token; throws a 401 error when it is not valid. */
  authenticate(token: string): Promise<Identity>;
}

async function authHooks(app: FastifyInstance, opts: AuthHooksOptions): Promise<void> {
  app.decorateRequest<Identity | null>('identity', null);
  app.addHook('onRequest', async (request) => {
    request.identity = ANONYMOUS;
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new BadRequestError('The Authorization header must be "Bearer <token>".');
    request.identity = await opts.authenticate(match[1]!);
  });
}

export default fp(authHooks, { name: 'cairn-auth' });
