/**
 * The index template of the Elasticsearch adapter: explicit mappings (`dynamic: strict`),
 * applied to every versioned index `<alias>-v<n>` the adapter creates. Text fields are
 * analyzed once as written (standard: names, prefixes) and once per stemming language
 * (multi-fields), so a query matches records of every language, like the PostgreSQL
 * adapter's per-language tsvector.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { SearchDocument } from './search-index.js';

/** Built-in language analyzers, one sub-field each (`titles.english`, …). */
export const LANGUAGE_ANALYZERS = ['english', 'german', 'french', 'spanish', 'italian', 'portuguese', 'dutch'] as const;

const multilingual: estypes.MappingProperty = {
  type: 'text',
  fields: Object.fromEntries(LANGUAGE_ANALYZERS.map((a) => [a, { type: 'text', analyzer: a }])),
};
const keyword: estypes.MappingProperty = { type: 'keyword' };
const lowercaseKeyword: estypes.MappingProperty = { type: 'keyword', fields: { lc: { type: 'keyword', normalizer: 'lowercase' } } };

export const MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    key: keyword,
    record_id: keyword,
    is_draft: { type: 'boolean' },
    parent_id: keyword,
    owner_id: keyword,
    readers: keyword,
    access_record: keyword,
    access_status: keyword,
    is_latest: { type: 'boolean' },
    shadowed: { type: 'boolean' },
    version_index: { type: 'integer' },
    text_language: keyword,
    title_sort: keyword,
    titles: multilingual,
    creators: { type: 'text' },
    subjects: multilingual,
    subject_values: keyword,
    descriptions: multilingual,
    publisher: { type: 'text' },
    other: { type: 'text' },
    doi: keyword,
    resource_type: lowercaseKeyword,
    resource_type_specific: lowercaseKeyword,
    language: keyword,
    year: { type: 'integer' },
    affiliations: keyword,
    file_formats: keyword,
    created: { type: 'date' },
    updated: { type: 'date' },
    source_version: { type: 'long' },
    fingerprint: keyword,
    // Handed back with hits, never searched.
    source: { type: 'object', enabled: false },
  },
};

export function indexTemplate(alias: string): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${alias}-template`,
    index_patterns: [`${alias}-v*`],
    priority: 200,
    template: {
      settings: {
        number_of_shards: 1,
        analysis: { normalizer: { lowercase: { type: 'custom', filter: ['lowercase', 'asciifolding'] } } },
      },
      mappings: MAPPINGS,
    },
    _meta: { description: 'Cairn records (services/search/elasticsearch-template.ts)' },
  };
}

/** The Elasticsearch body of a document. */
export function toSource(d: SearchDocument, titleSort: (t: string) => string): Record<string, unknown> {
  return {
    key: d.key,
    record_id: d.recordId,
    is_draft: d.isDraft,
    parent_id: d.parentId,
    owner_id: d.ownerId,
    readers: d.readers,
    access_record: d.accessRecord,
    access_status: d.accessStatus,
    is_latest: d.isLatest,
    shadowed: d.shadowed,
    version_index: d.versionIndex,
    text_language: d.textLanguage,
    title_sort: titleSort(d.title),
    titles: d.titles,
    creators: d.creators,
    subjects: d.subjects,
    subject_values: d.subjects,
    descriptions: d.descriptions,
    publisher: d.publisher,
    other: d.other,
    doi: d.doi,
    resource_type: d.resourceType,
    resource_type_specific: d.resourceTypeSpecific,
    language: d.language,
    year: d.year,
    affiliations: d.affiliations,
    file_formats: d.fileFormats,
    created: d.created.toISOString(),
    updated: d.updated.toISOString(),
    source_version: d.sourceVersion,
    fingerprint: d.fingerprint,
    source: d.source,
  };
}
