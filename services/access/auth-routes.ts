/** HTTP for logins (cookies), second-factor enrolment, invitations and sign-up. */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../platform/errors.js';
import { problems } from '../platform/http-schemas.js';
import type { AuthService, IssuedSession, LoginInput } from './auth-service.js';
import { CsrfError } from './errors.js';
import { CSRF_COOKIE, CSRF_HEADER, REFRESH_COOKIE, SESSION_COOKIE } from './session-tokens.js';

export interface AuthRoutesOptions {
  auth: AuthService;
  secureCookies: boolean;
  sessionTtlSeconds: number;
  refreshTtlSeconds: number;
  loginRateLimit: number;
}

const tags = ['auth'];
const sessionSchema = {
  type: 'object',
  properties: {
    user: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, totp_enabled: { type: 'boolean' } } },
    csrf_token: { type: 'string', description: `Echo it in the ${CSRF_HEADER} header of cookie-authenticated writes.` },
    mfa: { type: 'boolean' },
    mfa_enrolment_required: { type: 'boolean' },
  },
} as const;
const userSchema = { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } } } as const;
const password = { type: 'string', minLength: 1, maxLength: 1024 } as const;

export async function authRoutes(app: FastifyInstance, opts: AuthRoutesOptions): Promise<void> {
  const { auth } = opts;
  await app.register(rateLimit, { global: false });

  const setCookies = (reply: FastifyReply, s: IssuedSession) => {
    const base = { httpOnly: true, secure: opts.secureCookies, sameSite: 'lax' as const, path: '/' };
    reply.setCookie(SESSION_COOKIE, s.jwt, { ...base, maxAge: opts.sessionTtlSeconds });
    reply.setCookie(REFRESH_COOKIE, s.refreshToken, { ...base, sameSite: 'strict', path: '/api/auth', maxAge: opts.refreshTtlSeconds });
    // Readable by the page's script, which echoes it in the CSRF header (double submit).
    reply.setCookie(CSRF_COOKIE, s.csrf, { ...base, httpOnly: false, sameSite: 'strict', maxAge: opts.refreshTtlSeconds });
    return { user: s.user, csrf_token: s.csrf, mfa: s.mfa, mfa_enrolment_required: s.mfaEnrolmentRequired };
  };
  const clearCookies = (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
  };

  app.post('/login', {
    config: { rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' } },
    schema: {
      tags,
      operationId: 'login',
      summary: 'Log in with password (and TOTP or a recovery code); sets the session cookies',
      body: {
        type: 'object',
        properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, password, totp: { type: 'string', maxLength: 16 }, recovery_code: { type: 'string', maxLength: 32 } },
        required: ['email', 'password'],
        additionalProperties: false,
      },
      response: { 200: { description: 'Logged in.', ...sessionSchema }, ...problems(400, 401, 429) },
    },
  }, async (request: FastifyRequest<{ Body: LoginInput }>, reply) => setCookies(reply, await auth.login(request.body)));

  app.post('/refresh', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: { tags, operationId: 'refreshSession', summary: 'Exchange the refresh cookie for a new session (rotating it)', response: { 200: { description: 'Refreshed.', ...sessionSchema }, ...problems(401, 403, 429) } },
  }, async (request, reply) => {
    const token = request.cookies[REFRESH_COOKIE];
    if (!token) throw new UnauthenticatedError('No session to refresh; log in.');
    if (request.headers[CSRF_HEADER] !== request.cookies[CSRF_COOKIE]) throw new CsrfError(`Send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header.`);
    return setCookies(reply, await auth.refresh(token));
  });

  app.post('/logout', {
    schema: { tags, operationId: 'logout', summary: 'End the session and clear its cookies', response: { 204: { description: 'Logged out.', type: 'null' }, ...problems(403) } },
  }, async (request, reply) => {
    // The refresh cookie names the session; revoking it also voids the session JWT at once.
    await auth.logout(undefined, request.cookies[REFRESH_COOKIE]);
    clearCookies(reply);
    return reply.code(204).send();
  });

  app.get('/session', {
    schema: { tags, operationId: 'getSession', summary: 'Who the caller is', response: { 200: { description: 'The caller.', ...userSchema, properties: { ...userSchema.properties, via: { type: 'string' }, groups: { type: 'array', items: { type: 'string' } } } }, ...problems(401) } },
  }, async (request) => {
    const i = request.identity;
    if (i.kind !== 'user') throw new UnauthenticatedError('Not logged in.');
    return { id: i.id, email: i.email, role: i.role, via: i.via, groups: i.groups ?? [] };
  });

  app.post('/signup', {
    config: { rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' } },
    schema: {
      tags,
      operationId: 'signup',
      summary: 'Create an account (only when sign-up is enabled)',
      body: { type: 'object', properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, password }, required: ['email', 'password'], additionalProperties: false },
      response: { 201: { description: 'Created.', ...userSchema }, ...problems(400, 403, 409, 429) },
    },
  }, async (request: FastifyRequest<{ Body: { email: string; password: string } }>, reply) => {
    const user = await auth.signup(request.body);
    return reply.code(201).send({ id: user.id, email: user.email, role: user.role });
  });

  app.post('/invitations/accept', {
    config: { rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' } },
    schema: {
      tags,
      operationId: 'acceptInvitation',
      summary: 'Accept an invitation: set a password for the new account',
      body: { type: 'object', properties: { token: { type: 'string', minLength: 10, maxLength: 200 }, password }, required: ['token', 'password'], additionalProperties: false },
      response: { 201: { description: 'Account created.', ...userSchema }, ...problems(400, 409, 429) },
    },
  }, async (request: FastifyRequest<{ Body: { token: string; password: string } }>, reply) => {
    const user = await auth.acceptInvitation(request.body.token, request.body.password);
    return reply.code(201).send({ id: user.id, email: user.email, role: user.role });
  });
}

export async function totpRoutes(app: FastifyInstance, opts: { auth: AuthService }): Promise<void> {
  await app.register(rateLimit, { global: false });
  app.post('', {
    schema: {
      tags,
      operationId: 'startTotp',
      summary: 'Start setting up a TOTP second factor (otpauth URI and QR code)',
      response: { 200: { description: 'Scan it, then confirm with a code.', type: 'object', properties: { uri: { type: 'string' }, qr_svg: { type: 'string' } } }, ...problems(400, 401, 403) },
    },
  }, async (request) => opts.auth.startTotp(request.identity));

  app.post('/confirm', {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags,
      operationId: 'confirmTotp',
      summary: 'Confirm the second factor with a current code; returns recovery codes once',
      body: { type: 'object', properties: { code: { type: 'string', pattern: '^\\d{6}$' } }, required: ['code'], additionalProperties: false },
      response: { 200: { description: 'Enabled.', type: 'object', properties: { recovery_codes: { type: 'array', items: { type: 'string' } } } }, ...problems(400, 401, 403) },
    },
  }, async (request: FastifyRequest<{ Body: { code: string } }>) => opts.auth.confirmTotp(request.identity, request.body.code));
}
