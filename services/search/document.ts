/** Builds the SearchDocument of a draft or record from what the records service reports. */
import { createHash } from 'node:crypto';
import type { RecordResult } from '../records/service.js';
import { accessStatus } from '../records/serializer.js';
import { fileFormats, metadataText } from './metadata-text.js';
import { dumpResult } from './record-source.js';
import type { SearchDocument } from './search-index.js';

export interface DocumentInput {
  readonly result: RecordResult;
  /** Keys of its files (formats come from their extensions). */
  readonly fileKeys: readonly string[];
  /** Principals that may read it whatever its access level. */
  readonly readers: readonly string[];
  /** Published and the newest live version of its concept. */
  readonly isLatest: boolean;
  /** Published, with an open edit draft under the same id. */
  readonly shadowed: boolean;
}

/** The key of a draft or record in the index. */
export function documentKey(id: string, isDraft: boolean): string {
  return isDraft ? `${id}:draft` : id;
}

/** Hash of a document's content (without its fingerprint). */
export function fingerprintOf(doc: Omit<SearchDocument, 'fingerprint'>): string {
  return createHash('sha1').update(JSON.stringify(doc)).digest('base64url');
}

/** Never throws: malformed draft metadata just yields fewer words. */
export function buildDocument(input: DocumentInput): SearchDocument {
  const { result } = input;
  const { row, parent } = result;
  const text = metadataText(row.metadata, row.pids as Record<string, unknown>);
  const doc: Omit<SearchDocument, 'fingerprint'> = {
    key: documentKey(row.id, result.isDraft),
    recordId: row.id,
    isDraft: result.isDraft,
    parentId: parent.id,
    ownerId: parent.owner_id,
    readers: [...new Set(input.readers)].sort(),
    accessRecord: row.access.record,
    accessStatus: accessStatus(row.access, row.files_enabled),
    isLatest: !result.isDraft && input.isLatest,
    shadowed: !result.isDraft && input.shadowed,
    versionIndex: row.version_index,
    textLanguage: text.textLanguage,
    title: text.title,
    titles: text.titles,
    creators: text.creators,
    subjects: text.subjects,
    descriptions: text.descriptions,
    publisher: text.publisher,
    other: text.other,
    doi: text.doi,
    resourceType: text.resourceType,
    resourceTypeSpecific: text.resourceTypeSpecific,
    language: text.language,
    year: text.year,
    affiliations: text.affiliations,
    fileFormats: fileFormats(input.fileKeys),
    created: row.created_at,
    updated: row.updated_at,
    sourceVersion: row.updated_at.getTime(),
    source: dumpResult(result),
  };
  return { ...doc, fingerprint: fingerprintOf(doc) };
}
