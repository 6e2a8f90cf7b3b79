/** ExportView fixtures for the pure serializer tests. */
import type { ExportView } from '../export-view.js';

export function viewOf(metadata: Record<string, unknown>, overrides: Partial<ExportView> = {}): ExportView {
  return {
    id: 'k3x9p-2mq7a',
    parentId: 'p4rnt-00001',
    doi: '10.5072/cairn.k3x9p-2mq7a',
    doiProvider: 'local',
    doiStatus: 'registered',
    conceptDoi: '10.5072/cairn.p4rnt-00001',
    metadata,
    versionIndex: 1,
    isLatest: true,
    publicationDate: '2025-03-04T12:00:00.000Z',
    updated: '2025-03-05T08:00:00.000Z',
    url: 'http://cairn.test/records/k3x9p-2mq7a',
    access: { record: 'public', files: 'public', status: 'open', embargo: { active: false, until: null, reason: null } },
    files: [
      { key: 'sub-01/anat/T1w.nii.gz', size: 1048576, mimetype: 'application/gzip', checksum: 'md5:9e107d9d372bb6826bd81d3542a419d6', url: 'http://cairn.test/api/records/k3x9p-2mq7a/files/sub-01%2Fanat%2FT1w.nii.gz/content' },
    ],
    ...overrides,
  };
}
