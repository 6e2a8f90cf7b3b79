/** Builds the `ExportView` of a draft or record from what the records context returns. Pure. */
import type { FileEntry } from '../files/service.js';
import { accessStatus } from '../records/serializer.js';
import type { RecordResult } from '../records/service.js';
import type { ExportView } from './export-view.js';

export interface ViewOptions {
  readonly baseUrl: string;
  /** The DOI the pid provider mints for an id (for drafts and records without a DOI yet). */
  readonly previewDoi: (id: string) => string;
}

const enc = encodeURIComponent;

/** The view of `result` with the files the caller may see (pass [] when it may not). Never throws. */
export function toExportView(result: RecordResult, files: readonly FileEntry[], opts: ViewOptions): ExportView {
  const { row, parent } = result;
  const doi = row.pids?.doi;
  const concept = (parent as { pids?: RecordResult['row']['pids'] }).pids?.doi;
  const api = `${opts.baseUrl}/api/records/${enc(row.id)}${result.isDraft ? '/draft' : ''}`;
  return {
    id: row.id,
    parentId: parent.id,
    ...(doi ? { doi: doi.identifier, doiProvider: doi.provider, ...(doi.status ? { doiStatus: doi.status } : {}) } : { previewDoi: opts.previewDoi(row.id) }),
    ...(concept ? { conceptDoi: concept.identifier } : {}),
    metadata: row.metadata,
    versionIndex: row.version_index,
    isLatest: !result.isDraft && row.version_index === result.latestIndex,
    publicationDate: ('publication_date' in row ? row.publication_date : row.updated_at).toISOString(),
    updated: row.updated_at.toISOString(),
    url: `${opts.baseUrl}/records/${enc(row.id)}`,
    access: { record: row.access.record, files: row.access.files, status: accessStatus(row.access, row.files_enabled), embargo: { ...row.access.embargo } },
    files: files
      .filter((f) => f.status === 'completed')
      .map((f) => ({ key: f.key, size: f.size ?? 0, mimetype: f.mimetype, checksum: f.checksum ?? '', url: `${api}/files/${enc(f.key)}/content` })),
    ...(result.isDraft ? { isDraft: true } : {}),
  };
}
