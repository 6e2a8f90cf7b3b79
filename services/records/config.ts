import type { RecordAccess } from './tables.js';

/** Access of a new draft when the depositor says nothing: open, as on Zenodo. */
export const DEFAULT_ACCESS: RecordAccess = Object.freeze({
  record: 'public',
  files: 'public',
  embargo: Object.freeze({ active: false, until: null, reason: null }),
}) as RecordAccess;

/** Listing page sizes. */
export const PAGE_SIZE_DEFAULT = 10;
export const PAGE_SIZE_MAX = 100;
