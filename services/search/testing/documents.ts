/**
 * SearchDocuments for tests, built the way the indexer builds them (through
 * `buildDocument`) from a short description of a record.
 */
import type { RecordResult } from '../../records/service.js';
import { buildDocument } from '../document.js';
import type { SearchDocument } from '../search-index.js';

export interface DocSpec {
  id: string;
  owner?: string;
  title: string;
  otherTitles?: string[];
  creators?: Array<{ name: string; affiliation?: string }>;
  subjects?: string[];
  description?: string;
  language?: string;
  year?: number;
  type?: string;
  resourceType?: string;
  publisher?: string;
  doi?: string;
  access?: 'public' | 'restricted' | 'embargoed';
  files?: string[];
  draft?: boolean;
  /** Published, with an open edit draft. */
  shadowed?: boolean;
  /** Published and the newest version (default true). */
  latest?: boolean;
  parent?: string;
  version?: number;
  /** ISO dates. */
  created?: string;
  updated?: string;
  readers?: string[];
}

export function searchDocument(spec: DocSpec): SearchDocument {
  const owner = spec.owner ?? 'alice';
  const created = new Date(spec.created ?? '2024-01-01T00:00:00Z');
  const updated = new Date(spec.updated ?? spec.created ?? '2024-01-01T00:00:00Z');
  const access =
    spec.access === 'restricted'
      ? { record: 'restricted', files: 'restricted', embargo: { active: false, until: null, reason: null } }
      : spec.access === 'embargoed'
        ? { record: 'public', files: 'restricted', embargo: { active: true, until: '2030-01-01', reason: 'Pending article' } }
        : { record: 'public', files: 'public', embargo: { active: false, until: null, reason: null } };
  const metadata = {
    titles: [{ title: spec.title }, ...(spec.otherTitles ?? []).map((title) => ({ title, titleType: 'AlternativeTitle' }))],
    creators: (spec.creators ?? [{ name: 'Doe, Jane' }]).map((c) => ({ name: c.name, nameType: 'Personal', ...(c.affiliation ? { affiliation: [{ name: c.affiliation }] } : {}) })),
    subjects: (spec.subjects ?? []).map((subject) => ({ subject })),
    descriptions: spec.description ? [{ description: spec.description, descriptionType: 'Abstract' }] : [],
    publisher: { name: spec.publisher ?? 'Cairn' },
    ...(spec.year ? { publicationYear: String(spec.year) } : {}),
    types: { resourceTypeGeneral: spec.type ?? 'Dataset', ...(spec.resourceType ? { resourceType: spec.resourceType } : {}) },
    ...(spec.language ? { language: spec.language } : {}),
  };
  const files = spec.files ?? [];
  const parent = spec.parent ?? `p-${spec.id}`;
  const draft = spec.draft ?? false;
  const result = {
    row: {
      id: spec.id,
      parent_id: parent,
      version_index: spec.version ?? 1,
      revision_id: 1,
      metadata,
      access,
      files_enabled: files.length > 0,
      profile: null,
      bucket_id: `b-${spec.id}`,
      pids: spec.doi ? { doi: { identifier: spec.doi, provider: 'local' } } : {},
      created_at: created,
      updated_at: updated,
      ...(draft ? {} : { publication_date: created, deleted_at: null, deletion_reason: null, deleted_by: null }),
    },
    isDraft: draft,
    isPublished: !draft || !!spec.shadowed,
    parent: { id: parent, owner_id: owner, created_at: created, updated_at: created },
    files: { enabled: files.length > 0, count: files.length, total_bytes: files.length * 100, pending: [] },
    latestIndex: spec.version ?? 1,
    errors: [],
  } as unknown as RecordResult;
  return buildDocument({
    result,
    fileKeys: files,
    readers: spec.readers ?? [`user:${owner}`],
    isLatest: spec.latest ?? true,
    shadowed: spec.shadowed ?? false,
  });
}
