/**
 * Session tokens: a short-lived JWT (HS256, signed with `jose`) in an httpOnly SameSite
 * cookie, refreshed with an opaque, rotating refresh token kept hashed in `sessions`.
 * The JWT carries the CSRF token that cookie-authenticated writes must echo in a header.
 */
import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';

export const SESSION_COOKIE = 'cairn_session';
export const REFRESH_COOKIE = 'cairn_refresh';
export const CSRF_COOKIE = 'cairn_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionClaims {
  /** user id */
  sub: string;
  /** session id */
  sid: string;
  mfa: boolean;
  csrf: string;
}

export interface SessionTokenConfig {
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly ttlSeconds: number;
}

export class SessionTokens {
  readonly #c: SessionTokenConfig;
  constructor(config: SessionTokenConfig) {
    this.#c = Object.freeze({ ...config });
  }

  get ttlSeconds(): number {
    return this.#c.ttlSeconds;
  }

  /** Signs a session JWT valid for the configured lifetime from `now`. */
  async sign(claims: Omit<SessionClaims, 'csrf'> & { csrf?: string }, now: Date): Promise<{ jwt: string; csrf: string }> {
    const csrf = claims.csrf ?? randomBytes(18).toString('base64url');
    const iat = Math.floor(now.getTime() / 1000);
    const jwt = await new SignJWT({ sid: claims.sid, mfa: claims.mfa, csrf })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(this.#c.issuer)
      .setAudience(this.#c.issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.#c.ttlSeconds)
      .sign(this.#c.secret);
    return { jwt, csrf };
  }

  /** Verifies signature, issuer, audience, algorithm and expiry; undefined when invalid. Never throws. */
  async verify(jwt: string, now: Date): Promise<SessionClaims | undefined> {
    try {
      const { payload } = await jwtVerify(jwt, this.#c.secret, {
        issuer: this.#c.issuer,
        audience: this.#c.issuer,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.csrf !== 'string') return undefined;
      return { sub: payload.sub, sid: payload.sid, mfa: payload.mfa === true, csrf: payload.csrf };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return undefined;
      throw err;
    }
  }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecret(token) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
