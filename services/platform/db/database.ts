import type { Kysely, Transaction } from 'kysely';
import type { AccessTables } from '../../access/tables.js';
import type { FilesTables } from '../../files/tables.js';
import type { MailTables } from '../../mail/tables.js';
import type { RecordsTables } from '../../records/tables.js';
import type { RequestsTables } from '../../requests/tables.js';
import type { SearchTables } from '../../search/tables.js';
import type { PlatformTables } from '../tables.js';

/** Every table of every context: the type Kysely checks queries against. */
export interface Database extends PlatformTables, AccessTables, RecordsTables, FilesTables, SearchTables, MailTables, RequestsTables {}

/** What a repository takes as its first argument: the database or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
