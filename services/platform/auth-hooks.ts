/**
 * Resolves the request's credentials into `request.identity`:
 *  - `Authorization: Bearer <token>`: a personal access token or an OIDC JWT (a bad one is
 *    a 401, never silently anonymous, so a pipeline with an expired token learns it at once);
 *  - else the session cookie (an invalid or expired one counts as anonymous; the client
 *    refreshes); cookie-authenticated writes must echo the CSRF token in `X-CSRF-Token`;
 *  - a secret link `?token=` adds its view/download grant on one record's parent.
 * A curator or administrator who has not set up a second factor may only reach the
 * login and enrolment routes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ANONYMOUS, type Identity, type LinkGrant, type UserIdentity } from '../access/identity.js';
import { CsrfError, MfaEnrolmentRequiredError } from '../access/errors.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../access/session-tokens.js';
import { BadRequestError } from './errors.js';
import '@fastify/cookie';
import './request-context.js';

export interface AuthHooksOptions {
  /** Resolves a bearer token; throws a 401 error when it is not valid. */
  authenticateBearer(token: string): Promise<UserIdentity>;
  /** Resolves a session cookie; undefined when not valid. */
  authenticateSession(jwt: string): Promise<{ identity: UserIdentity; csrf: string; mfaEnrolmentRequired: boolean } | undefined>;
  /** Resolves a secret link token; undefined when not valid. */
  resolveLink(token: string): Promise<LinkGrant | undefined>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// What a session without its required second factor may still reach.
const ENROLMENT_ROUTES = [/^\/api\/auth\//, /^\/api\/user\/totp(\/|$|\?)/];

function linkToken(request: FastifyRequest): string | undefined {
  const q = request.query as Record<string, unknown> | undefined;
  const t = q?.token;
  return typeof t === 'string' && t.length > 0 ? t : undefined;
}

async function authHooks(app: FastifyInstance, opts: AuthHooksOptions): Promise<void> {
  app.decorateRequest<Identity | null>('identity', null);
  app.addHook('onRequest', async (request) => {
    let identity: Identity = ANONYMOUS;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new BadRequestError('The Authorization header must be "Bearer <token>".');
      identity = await opts.authenticateBearer(match[1]!);
    } else {
      const cookie = request.cookies?.[SESSION_COOKIE];
      const session = cookie ? await opts.authenticateSession(cookie) : undefined;
      if (session) {
        if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrf) {
          throw new CsrfError(`Send the CSRF token of your session in the ${CSRF_HEADER} header.`);
        }
        if (session.mfaEnrolmentRequired && !ENROLMENT_ROUTES.some((r) => r.test(request.url))) {
          throw new MfaEnrolmentRequiredError('Your role needs a second factor: set it up at /api/user/totp before anything else.');
        }
        identity = session.identity;
      }
    }
    const token = linkToken(request);
    if (token) {
      const grant = await opts.resolveLink(token);
      if (grant) identity = { ...identity, links: [...(identity.links ?? []), grant] } as Identity;
    }
    request.identity = identity;
  });
}

export default fp(authHooks, { name: 'cairn-auth', dependencies: ['@fastify/cookie'] });
