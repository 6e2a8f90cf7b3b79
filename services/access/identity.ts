import type { Role } from './tables.js';

/** Who is asking. Every service method takes one; routes get it from `request.identity`. */
export type Identity =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly email: string;
      readonly role: Role;
      /** What the credential may do; `null` means unrestricted (the system itself). */
      readonly scopes: readonly string[] | null;
    };

export type UserIdentity = Extract<Identity, { kind: 'user' }>;

export const ANONYMOUS: Identity = Object.freeze({ kind: 'anonymous' });

/** The scopes a personal access token may carry. */
export const SCOPES = ['records:read', 'records:write', 'records:publish', 'users:admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isUser(identity: Identity): identity is UserIdentity {
  return identity.kind === 'user';
}

export function hasScope(identity: Identity, scope: Scope): boolean {
  return identity.kind === 'user' && (identity.scopes === null || identity.scopes.includes(scope));
}
