import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type CryptoKey = Parameters<SignJWT['sign']>[0];
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { body, createTestApp, type TestApp } from '../platform/testing/test-app.js';
import { totpCode } from './totp.js';

let t: TestApp;
let jwks: http.Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let otherKey: CryptoKey;
const clock = new ManualClock('2026-06-01T10:00:00Z');
const ISSUER = 'https://idp.example.org';
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  // A real OpenID Connect key, served from a local JWKS endpoint.
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey as CryptoKey;
  otherKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  t = await createTestApp({ clock, env: { OIDC_ISSUER: ISSUER, OIDC_JWKS_URL: jwksUrl, OIDC_AUDIENCE: 'cairn', LOGIN_RATE_LIMIT: '1000' } });
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => jwks.close(r));
});

async function adminCreates(email: string, role = 'depositor') {
  const admin = await t.user('admin');
  const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: { ...admin.auth, 'content-type': 'application/json' }, payload: { email, role, password: PASSWORD } });
  expect(res.statusCode).toBe(201);
  return body(res).id as string;
}

function cookiesOf(res: { cookies: Array<{ name: string; value: string }> }) {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

async function login(email: string, extra: object = {}) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: { email, password: PASSWORD, ...extra } });
}

describe('password login and sessions', () => {
  it('logs in, sets httpOnly SameSite cookies, and protects cookie writes with CSRF', async () => {
    await adminCreates('dana@example.org');
    const res = await login('dana@example.org');
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'cairn_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const csrf = body(res).csrf_token;
    const jar = cookiesOf(res);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: jar });
    expect(body(me)).toMatchObject({ email: 'dana@example.org', via: 'session' });

    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/records', cookies: jar, headers: { 'content-type': 'application/json' }, payload: {} });
    expect(noCsrf.statusCode).toBe(403);
    expect(body(noCsrf).code).toBe('CSRF_TOKEN_INVALID');
    const withCsrf = await t.app.inject({ method: 'POST', url: '/api/records', cookies: jar, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, payload: {} });
    expect(withCsrf.statusCode).toBe(201);
  });

  it('answers the same 401 for an unknown user and a wrong password, and locks out after repeated failures', async () => {
    await adminCreates('eve@example.org');
    const unknown = await login('nobody@example.org');
    const wrong = await login('eve@example.org', { password: 'not the password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(body(unknown).detail).toBe(body(wrong).detail);
    for (let i = 0; i < 4; i++) await login('eve@example.org', { password: 'still wrong' });
    const locked = await login('eve@example.org');
    expect(locked.statusCode).toBe(429);
    expect(body(locked).code).toBe('ACCOUNT_LOCKED');
    clock.advance(16 * 60 * 1000);
    expect((await login('eve@example.org')).statusCode).toBe(200);
  });

  it('refreshes with rotation (an old refresh token is dead) and logs out', async () => {
    await adminCreates('finn@example.org');
    const first = await login('finn@example.org');
    const jar = cookiesOf(first);
    const refresh = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: jar, headers: { 'x-csrf-token': jar.cairn_csrf! } });
    expect(refresh.statusCode).toBe(200);
    const jar2 = cookiesOf(refresh);
    expect(jar2.cairn_refresh).not.toBe(jar.cairn_refresh);
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: jar, headers: { 'x-csrf-token': jar.cairn_csrf! } });
    expect(replay.statusCode).toBe(401);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: jar2, headers: { 'x-csrf-token': body(refresh).csrf_token } });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: jar2 });
    expect(after.statusCode).toBe(401);
  });

  it('expires the session JWT after its lifetime', async () => {
    await adminCreates('gus@example.org');
    const jar = cookiesOf(await login('gus@example.org'));
    clock.advance(16 * 60 * 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: jar })).statusCode).toBe(401);
  });

  it('refuses a tampered session cookie', async () => {
    await adminCreates('hal@example.org');
    const jar = cookiesOf(await login('hal@example.org'));
    const [h, p, s] = jar.cairn_session!.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: 'usr_someoneelse' })).toString('base64url')}.${s}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: { cairn_session: forged } })).statusCode).toBe(401);
  });
});

describe('TOTP second factor', () => {
  it('enrols with an otpauth URI and QR, then requires a code; a code works once; recovery codes work once', async () => {
    await adminCreates('ida@example.org');
    const jar = cookiesOf(await login('ida@example.org'));
    const csrf = (await login('ida@example.org')).cookies.find((c) => c.name === 'cairn_csrf');
    const session = await login('ida@example.org');
    const sj = cookiesOf(session);
    const start = await t.app.inject({ method: 'POST', url: '/api/user/totp', cookies: sj, headers: { 'x-csrf-token': body(session).csrf_token } });
    expect(start.statusCode).toBe(200);
    const { uri, qr_svg } = body(start);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Cairn:ida%40example\.org\?/);
    expect(qr_svg).toContain('<svg');
    const secret = new URL(uri).searchParams.get('secret')!;
    const bad = await t.app.inject({ method: 'POST', url: '/api/user/totp/confirm', cookies: sj, headers: { 'x-csrf-token': body(session).csrf_token, 'content-type': 'application/json' }, payload: { code: '000000' } });
    expect(bad.statusCode).toBe(401);
    const ok = await t.app.inject({ method: 'POST', url: '/api/user/totp/confirm', cookies: sj, headers: { 'x-csrf-token': body(session).csrf_token, 'content-type': 'application/json' }, payload: { code: totpCode(secret, clock.now()) } });
    expect(ok.statusCode).toBe(200);
    const recovery: string[] = body(ok).recovery_codes;
    expect(recovery).toHaveLength(10);
    expect(jar).toBeDefined();
    expect(csrf).toBeDefined();

    const noCode = await login('ida@example.org');
    expect(noCode.statusCode).toBe(401);
    expect(body(noCode).code).toBe('TOTP_REQUIRED');
    clock.advance(60_000);
    const code = totpCode(secret, clock.now());
    expect((await login('ida@example.org', { totp: code })).statusCode).toBe(200);
    const replayed = await login('ida@example.org', { totp: code });
    expect(replayed.statusCode).toBe(401);
    expect(body(replayed).code).toBe('TOTP_INVALID');
    expect((await login('ida@example.org', { recovery_code: recovery[0] })).statusCode).toBe(200);
    expect((await login('ida@example.org', { recovery_code: recovery[0] })).statusCode).toBe(401);
  });

  it('keeps a curator without a second factor to the enrolment routes', async () => {
    await adminCreates('jo@example.org', 'curator');
    const res = await login('jo@example.org');
    expect(body(res).mfa_enrolment_required).toBe(true);
    const jar = cookiesOf(res);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/user/records', cookies: jar });
    expect(blocked.statusCode).toBe(403);
    expect(body(blocked).code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await t.app.inject({ method: 'POST', url: '/api/user/totp', cookies: jar, headers: { 'x-csrf-token': body(res).csrf_token } })).statusCode).toBe(200);
  });
});

describe('personal access tokens', () => {
  it('creates (shown once), lists without secrets, scopes, expires and revokes', async () => {
    const u = await t.user();
    const created = await t.app.inject({ method: 'POST', url: '/api/user/tokens', headers: { ...u.auth, 'content-type': 'application/json' }, payload: { name: 'pipeline', scopes: ['records:read'], expires_at: new Date(clock.now().getTime() + 3600_000).toISOString() } });
    expect(created.statusCode).toBe(201);
    const { id, token } = body(created);
    const list = body(await t.app.inject({ method: 'GET', url: '/api/user/tokens', headers: u.auth }));
    const listed = list.hits.find((h: { id: string }) => h.id === id);
    expect(listed).toMatchObject({ name: 'pipeline', scopes: ['records:read'] });
    expect(JSON.stringify(list)).not.toContain(token);
    const readOnly = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/user/records', headers: readOnly })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/records', headers: { ...readOnly, 'content-type': 'application/json' }, payload: {} })).statusCode).toBe(403);
    const admin = await t.app.inject({ method: 'POST', url: '/api/user/tokens', headers: { ...u.auth, 'content-type': 'application/json' }, payload: { name: 'x', scopes: ['users:admin'] } });
    expect(admin.statusCode).toBe(403);

    clock.advance(2 * 3600_000);
    const expired = await t.app.inject({ method: 'GET', url: '/api/user/records', headers: readOnly });
    expect(expired.statusCode).toBe(401);

    const second = body(await t.app.inject({ method: 'POST', url: '/api/user/tokens', headers: { ...u.auth, 'content-type': 'application/json' }, payload: { name: 'short' } }));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/user/tokens/${second.id}`, headers: u.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/user/records', headers: { authorization: `Bearer ${second.token}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/user/tokens/${second.id}`, headers: u.auth })).statusCode).toBe(404);
  });
});

describe('OpenID Connect bearer tokens', () => {
  const sign = (key: CryptoKey, claims: object, kid = 'k1') =>
    new SignJWT({ email: 'oidc-user@example.org', scope: 'records:read records:write', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(ISSUER)
      .setAudience('cairn')
      .setSubject('abc')
      .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(clock.now().getTime() / 1000) + 300)
      .sign(key);

  it('maps a valid token to the user with that e-mail, with its scopes', async () => {
    await adminCreates('oidc-user@example.org');
    const jwt = await sign(signingKey, {});
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${jwt}` } });
    expect(res.statusCode).toBe(200);
    expect(body(res)).toMatchObject({ email: 'oidc-user@example.org', via: 'oidc' });
    const draft = await t.app.inject({ method: 'POST', url: '/api/records', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, payload: {} });
    expect(draft.statusCode).toBe(201);
  });

  it('rejects a changed payload, alg none, a wrong key, a wrong issuer, an unknown user and an expired token', async () => {
    const good = await sign(signingKey, {});
    const [h, , s] = good.split('.');
    const changed = `${h}.${Buffer.from(JSON.stringify({ email: 'admin@example.org', iss: ISSUER, aud: 'cairn', exp: 9999999999 })).toString('base64url')}.${s}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ email: 'oidc-user@example.org', iss: ISSUER, aud: 'cairn', exp: 9999999999 })).toString('base64url')}.`;
    const wrongKey = await sign(otherKey, {});
    const wrongIssuer = await new SignJWT({ email: 'oidc-user@example.org' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://evil.example').setAudience('cairn').setExpirationTime('5m').sign(signingKey);
    const unknownUser = await sign(signingKey, { email: 'stranger@example.org' });
    for (const jwt of [changed, none, wrongKey, wrongIssuer, unknownUser]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${jwt}` } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const soon = await sign(signingKey, {});
    clock.advance(10 * 60 * 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${soon}` } })).statusCode).toBe(401);
  });
});

describe('invitations and sign-up', () => {
  it('invites a user who sets a password and logs in; sign-up is off by default', async () => {
    const admin = await t.user('admin');
    const inv = await t.app.inject({ method: 'POST', url: '/api/users/invitations', headers: { ...admin.auth, 'content-type': 'application/json' }, payload: { email: 'kim@example.org' } });
    expect(inv.statusCode).toBe(201);
    const { token } = body(inv);
    const accept = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: { 'content-type': 'application/json' }, payload: { token, password: PASSWORD } });
    expect(accept.statusCode).toBe(201);
    expect((await login('kim@example.org')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: { 'content-type': 'application/json' }, payload: { token, password: PASSWORD } })).statusCode).toBe(400);
    const signup = await t.app.inject({ method: 'POST', url: '/api/auth/signup', headers: { 'content-type': 'application/json' }, payload: { email: 'self@example.org', password: PASSWORD } });
    expect(signup.statusCode).toBe(403);
    const short = await t.app.inject({ method: 'POST', url: '/api/users', headers: { ...admin.auth, 'content-type': 'application/json' }, payload: { email: 'short@example.org', password: 'short' } });
    expect(short.statusCode).toBe(400);
  });
});
