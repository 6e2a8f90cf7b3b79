import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { JsonColumn } from '../platform/db/json.js';

export type Role = 'depositor' | 'curator' | 'admin';

export interface UsersTable {
  id: string;
  email: string;
  role: Role;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
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
}
export type AccessTokenRow = Selectable<AccessTokensTable>;

export interface AccessTables {
  users: UsersTable;
  access_tokens: AccessTokensTable;
}
