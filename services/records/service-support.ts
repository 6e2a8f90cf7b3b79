/** Small pure helpers of the records service. */
import type { Identity } from '../access/identity.js';
import { readFilter, type Action } from '../access/policy.js';
import { type FieldError } from '../platform/errors.js';
import { type PublishedFilter, type RecordLikeValues } from './repo.js';
import type { RecordRow } from './tables.js';
import type { FilesSummary, PublishedQuery, Row } from './service-types.js';
export function publishedFilter(identity: Identity, q: PublishedQuery): PublishedFilter {
  const filter = readFilter(identity);
  const principals = filter.kind === 'visible' ? filter.principals : [];
  const of = (kind: string) => principals.filter((p) => p.startsWith(`${kind}:`)).map((p) => p.slice(kind.length + 1));
  return {
    publicOnly: filter.kind === 'visible',
    ownerIds: of('user'),
    parentIds: of('link'),
    includeDeleted: q.includeDeleted ?? false,
    ...(q.from ? { from: q.from } : {}),
    ...(q.until ? { until: q.until } : {}),
    ...(q.resourceType !== undefined ? { resourceType: q.resourceType } : {}),
    ...(q.ids ? { ids: q.ids } : {}),
  };
}

export function publishFileErrors(files: FilesSummary): FieldError[] {
  if (!files.enabled) {
    return files.count > 0 ? [{ pointer: '/files/enabled', message: 'a metadata-only record cannot have files; delete them or enable files' }] : [];
  }
  if (files.count === 0) return [{ pointer: '/files', message: 'upload at least one file, or mark the record metadata-only (files.enabled = false)' }];
  return files.pending.map((key) => ({ pointer: `/files/entries/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'the upload is not committed yet' }));
}

export function copyOf(record: RecordRow): RecordLikeValues {
  const { publication_date: _p, deleted_at: _d, deletion_reason: _r, deleted_by: _b, ...rest } = record;
  return rest;
}

export function snapshot(row: Row) {
  return { metadata: row.metadata, access: row.access, files_enabled: row.files_enabled, profile: row.profile, classification: row.classification, revision_id: row.revision_id };
}

export function actorOf(identity: Identity): string | null {
  return identity.kind === 'user' ? identity.id : null;
}

export function describeAction(action: Action): string {
  const words: Record<Action, string> = {
    create: 'create records',
    read: 'read this record',
    readFiles: "download this record's files",
    readDraft: 'read this draft',
    updateDraft: 'change this draft',
    deleteDraft: 'delete this draft',
    publish: 'publish this draft',
    edit: 'edit this record',
    newVersion: 'create a new version of this record',
    readAudit: "read this record's audit log",
    deleteRecord: 'delete published records',
    manageAccess: "manage this record's access",
    requestAccess: 'request access',
    review: 'review requests',
    manageGroups: 'manage groups',
    manageUsers: 'manage users',
  };
  return words[action];
}

export const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_[0-9a-z-]{1,64}$/;
