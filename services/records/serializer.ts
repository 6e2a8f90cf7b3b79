import { recordLinks } from './links.js';
import type { RecordResult } from './service.js';
import type { RecordAccess } from './tables.js';

export type AccessStatus = 'open' | 'embargoed' | 'restricted' | 'metadata-only';

/** InvenioRDM's computed access status. */
export function accessStatus(access: RecordAccess, filesEnabled: boolean): AccessStatus {
  if (access.record === 'restricted') return 'restricted';
  if (access.embargo.active) return 'embargoed';
  if (!filesEnabled) return 'metadata-only';
  return access.files === 'restricted' ? 'restricted' : 'open';
}

/** The JSON form of a draft or record, shaped like InvenioRDM's. */
export function serializeRecord(r: RecordResult, baseUrl: string) {
  const { row } = r;
  const status = r.isDraft ? (r.isPublished ? 'edit_draft' : row.version_index > 1 ? 'new_version_draft' : 'draft') : 'published';
  return {
    id: row.id,
    parent: { id: r.parent.id, access: { owned_by: { user: r.parent.owner_id } }, pids: r.parent.pids ?? {} },
    versions: {
      index: row.version_index,
      is_latest: !r.isDraft && row.version_index === r.latestIndex,
      is_latest_draft: r.isDraft ? row.version_index > r.latestIndex || r.isPublished : false,
    },
    revision_id: row.revision_id,
    created: row.created_at.toISOString(),
    updated: row.updated_at.toISOString(),
    ...('publication_date' in row ? { publication_date: row.publication_date.toISOString() } : {}),
    is_draft: r.isDraft,
    is_published: r.isPublished,
    status,
    profile: row.profile,
    classification: row.classification,
    ...('personal_data' in row ? { personal_data: row.personal_data } : {}),
    metadata: row.metadata,
    access: { ...row.access, status: accessStatus(row.access, row.files_enabled) },
    files: { enabled: r.files.enabled, count: r.files.count, total_bytes: r.files.total_bytes },
    pids: row.pids,
    ...(r.isDraft ? { errors: r.errors } : {}),
    links: recordLinks(baseUrl, row.id, r.isDraft, r.parent.id),
  };
}
