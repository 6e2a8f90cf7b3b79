/**
 * Every migration, by name, in order. Listed explicitly (not read from the folder) so
 * the same list works under tsx, vitest and compiled JavaScript. Add new files here.
 */
import type { Migration } from 'kysely';
import * as platform from './2026-11-22T0100_platform.js';
import * as access from './2026-11-22T0110_access.js';
import * as files from './2026-11-22T0120_files.js';
import * as records from './2026-11-22T0130_records.js';
import * as recordDeletion from './2026-11-22T0140_record_deletion.js';
import * as pids from './2026-11-22T0200_pids.js';
import * as search from './2026-11-22T0300_search.js';
import * as mail from './2026-11-22T0400_mail.js';
import * as accessModel from './2026-11-22T0500_access_model.js';
import * as requests from './2026-11-22T0600_requests.js';
import * as recordIndexes from './2026-11-22T0700_record_indexes.js';

export const migrations: Record<string, Migration> = {
  '2026-11-22T0100_platform': platform,
  '2026-11-22T0110_access': access,
  '2026-11-22T0120_files': files,
  '2026-11-22T0130_records': records,
  '2026-11-22T0140_record_deletion': recordDeletion,
  '2026-11-22T0200_pids': pids,
  '2026-11-22T0300_search': search,
  '2026-11-22T0400_mail': mail,
  '2026-11-22T0500_access_model': accessModel,
  '2026-11-22T0600_requests': requests,
  '2026-11-22T0700_record_indexes': recordIndexes,
};
