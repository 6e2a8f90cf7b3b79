/**
 * Bearer tokens from an external OpenID Connect provider: a JWT signed by a key of the
 * provider's JWKS (fetched and cached by `jose`), with our issuer and audience. Only
 * asymmetric algorithms are accepted (never `none`, never HS* with a public key).
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

export interface OidcVerifierConfig {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Expected `aud`; unset accepts any audience (not recommended). */
  readonly audience?: string;
  /** The claim holding the user's e-mail address. */
  readonly emailClaim?: string;
}

export interface OidcClaims {
  email: string;
  /** Scopes the provider granted (`scope` claim, space-separated), if any. */
  scopes: string[] | null;
  payload: JWTPayload;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export class OidcVerifier {
  readonly #c: OidcVerifierConfig;
  readonly #jwks: ReturnType<typeof createRemoteJWKSet>;
  constructor(config: OidcVerifierConfig) {
    this.#c = Object.freeze({ ...config });
    this.#jwks = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  /** Whether a bearer looks like a JWT (three base64url parts). */
  static looksLikeJwt(bearer: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(bearer);
  }

  /** Verifies the token; undefined when it is not valid (bad signature, issuer, audience, expired, no e-mail). */
  async verify(jwt: string, now: Date): Promise<OidcClaims | undefined> {
    try {
      const { payload } = await jwtVerify(jwt, this.#jwks, {
        issuer: this.#c.issuer,
        ...(this.#c.audience ? { audience: this.#c.audience } : {}),
        algorithms: ALGORITHMS,
        currentDate: now,
      });
      const email = payload[this.#c.emailClaim ?? 'email'];
      if (typeof email !== 'string' || !email.includes('@')) return undefined;
      if (payload.email_verified === false) return undefined;
      const scope = typeof payload.scope === 'string' ? payload.scope.split(/\s+/).filter(Boolean) : null;
      return { email, scopes: scope, payload };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || (err instanceof TypeError && /fetch|URL/i.test(err.message))) return undefined;
      throw err;
    }
  }
}
