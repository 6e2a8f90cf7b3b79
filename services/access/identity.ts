import { ForbiddenError, UnauthenticatedError } from '../platform/errors.js';
import type { GrantPermission, Role } from './tables.js';

/** A permission a secret link carried by the request gives on one parent (concept). */
export interface LinkGrant {
  readonly parentId: string;
  readonly permission: Extract<GrantPermission, 'view' | 'download'>;
}

/** Who is asking. Every service method takes one; routes get it from `request.identity`. */
export type Identity =
  | { readonly kind: 'anonymous'; readonly links?: readonly LinkGrant[] }
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly email: string;
      readonly role: Role;
      /** What the credential may do; `null` means unrestricted (a session, or the system itself). */
      readonly scopes: readonly string[] | null;
      /** Groups the user belongs to (ids). */
      readonly groups?: readonly string[];
      /** How the caller authenticated. */
      readonly via?: 'token' | 'session' | 'oidc' | 'system';
      /** Whether a second factor was passed (sessions only). */
      readonly mfa?: boolean;
      readonly links?: readonly LinkGrant[];
    };

export type UserIdentity = Extract<Identity, { kind: 'user' }>;

export const ANONYMOUS: Identity = Object.freeze({ kind: 'anonymous' });

/** The scopes a personal access token may carry. */
export const SCOPES = ['records:read', 'records:write', 'records:publish', 'workflows:run', 'users:admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isUser(identity: Identity): identity is UserIdentity {
  return identity.kind === 'user';
}

export function hasScope(identity: Identity, scope: Scope): boolean {
  return identity.kind === 'user' && (identity.scopes === null || identity.scopes.includes(scope));
}

/** The principals an identity acts as: itself and its groups (matched against a record's readers). */
export function principalsOf(identity: Identity): string[] {
  if (identity.kind !== 'user') return [];
  return [`user:${identity.id}`, ...(identity.groups ?? []).map((g) => `group:${g}`)];
}

/** The error for a refused action: 401 for an anonymous caller (sign in), 403 for a user. */
export function denied(identity: Identity, detail: string): Error {
  return identity.kind === 'anonymous' ? new UnauthenticatedError('Sign in or send a bearer token to do this.') : new ForbiddenError(detail);
}
