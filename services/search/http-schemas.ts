/** Route schemas of the search context (InvenioRDM-shaped search responses). */
import { FACETS, SORTS } from './search-index.js';

const facetValues = (description: string) => ({
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 200 },
  maxItems: 20,
  description: `${description} Repeat to combine values (OR); different facets combine with AND.`,
});

export const facetQuery = {
  type: { ...facetValues('Resource type (resourceTypeGeneral), e.g. Dataset.') },
  access_status: { ...facetValues('open, embargoed, restricted or metadata-only.') },
  year: { ...facetValues('Publication year.') },
  subject: { ...facetValues('Subject.') },
  affiliation: { ...facetValues("A creator's affiliation.") },
  language: { ...facetValues('Language code, e.g. en.') },
  file_format: { ...facetValues('File extension, e.g. csv.') },
} as const;

export const searchQuerystring = {
  type: 'object',
  properties: {
    q: {
      type: 'string',
      maxLength: 1000,
      description:
        'Words (all must match), "phrases", OR, -exclusion, (groups), prefix*, and fields: title:, creator:, subject:, publisher:, doi:, type:, language:, year: (year:2020, year:[2019 TO 2021]).',
    },
    sort: { enum: [...SORTS], description: 'bestmatch (default with words), newest (default without), oldest, title, updated.' },
    page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
    size: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    after: { type: 'string', minLength: 1, maxLength: 2000, description: 'Cursor from links.next, for paging beyond the first 10,000 hits.' },
    ...facetQuery,
  },
  additionalProperties: false,
} as const;

export const recordSearchQuerystring = {
  ...searchQuerystring,
  properties: {
    ...searchQuerystring.properties,
    allversions: { type: 'boolean', default: false, description: 'Every published version, not only the latest of each record.' },
  },
} as const;

const bucket = {
  type: 'object',
  properties: { key: { type: 'string' }, doc_count: { type: 'integer' }, is_selected: { type: 'boolean' } },
} as const;

export const searchResponse = {
  type: 'object',
  properties: {
    hits: {
      type: 'object',
      properties: { hits: { type: 'array', items: { $ref: 'record#' } }, total: { type: 'integer', description: 'Every hit the caller may see.' } },
    },
    aggregations: {
      type: 'object',
      description: 'Counts per facet value over the hits, each ignoring its own facet filter.',
      properties: Object.fromEntries(FACETS.map((f) => [f, { type: 'object', properties: { buckets: { type: 'array', items: bucket } } }])),
    },
    sortBy: { type: 'string' },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;
