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

export const migrations: Record<string, Migration> = {
  '2026-11-22T0100_platform': platform,
  '2026-11-22T0110_access': access,
  '2026-11-22T0120_files': files,
  '2026-11-22T0130_records': records,
  '2026-11-22T0140_record_deletion': recordDeletion,
};
