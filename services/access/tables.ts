import type { ColumnType, Insertable, RawBuilder, Selectable, Updateable } from 'kysely';
import type { JsonColumn } from '../platform/db/json.js';

export type Role = 'depositor' | 'curator' | 'admin';

export interface UsersTable {
  id: string;
  email: string;
  role: Role;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
  name: ColumnType<string | null, string | null | undefined, string | null>;
  /** scrypt$N$r$p$salt$hash; null for users who only use tokens or OIDC. */
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** The last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  /** sha256 hashes of the unused recovery codes. */
  recovery_codes: ColumnType<string[], RawBuilder<string[]> | undefined, RawBuilder<string[]>>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;

export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** sha256 of the secret, hex; the secret itself is shown once and never stored. */
  token_hash: string;
  scopes: JsonColumn<string[]>;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expiry_notified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type AccessTokenRow = Selectable<AccessTokensTable>;

export interface SessionsTable {
  id: string;
  user_id: string;
  refresh_hash: string;
  /** Whether the second factor was passed at login. */
  mfa: boolean;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date;
  revoked_at: Date | null;
}
export type SessionRow = Selectable<SessionsTable>;

export interface InvitationsTable {
  id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date;
  accepted_at: Date | null;
}
export type InvitationRow = Selectable<InvitationsTable>;

export interface GroupsTable {
  id: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date, never>;
}
export type GroupRow = Selectable<GroupsTable>;

export type GroupRole = 'member' | 'manager';
export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  role: GroupRole;
  created_at: ColumnType<Date, Date, never>;
}

export type GrantPermission = 'view' | 'download' | 'edit' | 'manage';
export interface GrantsTable {
  id: string;
  parent_id: string;
  subject_type: 'user' | 'group';
  subject_id: string;
  permission: GrantPermission;
  created_by: string | null;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date | null;
}
export type GrantRow = Selectable<GrantsTable>;

export interface SecretLinksTable {
  id: string;
  parent_id: string;
  token_hash: string;
  permission: 'view' | 'download';
  description: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date | null;
  revoked_at: Date | null;
}
export type SecretLinkRow = Selectable<SecretLinksTable>;

export interface AccessTables {
  users: UsersTable;
  access_tokens: AccessTokensTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  grants: GrantsTable;
  secret_links: SecretLinksTable;
}
