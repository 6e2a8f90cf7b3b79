/** Route schemas of the records context. Metadata is any object here: drafts save incomplete and report errors. */
import { problems } from '../platform/http-schemas.js';

export const recordIdParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, description: 'Record id, e.g. k3x9p-2mq7a.' } },
  required: ['id'],
} as const;

const accessSchema = {
  type: 'object',
  properties: {
    record: { enum: ['public', 'restricted'], description: 'Who may see the metadata.' },
    files: { enum: ['public', 'restricted'], description: 'Who may download the files.' },
    embargo: {
      type: 'object',
      properties: {
        active: { type: 'boolean' },
        until: { type: ['string', 'null'], format: 'date', description: 'The day the embargo lifts (YYYY-MM-DD).' },
        reason: { type: ['string', 'null'], maxLength: 2000 },
      },
    },
  },
} as const;

export const draftInputSchema = {
  type: 'object',
  description: 'A draft. Unknown top-level members (id, links, ... from a GET) are ignored.',
  properties: {
    metadata: { type: 'object', additionalProperties: true, description: 'DataCite 4.7 metadata (schema `datacite-4.7`), in the JSON form of the DataCite REST API.' },
    access: accessSchema,
    files: { type: 'object', properties: { enabled: { type: 'boolean', description: 'False for a metadata-only record.' } } },
    profile: { type: ['string', 'null'], maxLength: 64, description: 'Resource-type profile adding requirements (see GET /api/profiles).' },
    classification: { enum: ['public', 'internal', 'confidential', 'sensitive'], description: 'Data classification; sensitive records can never be public and need a curator to publish.' },
  },
} as const;

/** Persistent identifiers by scheme, e.g. `doi: {identifier, provider, client?, status}`. */
const pidsSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: {
      identifier: { type: 'string', description: 'e.g. 10.5072/cairn.k3x9p-2mq7a' },
      provider: { type: 'string', description: '`local` (resolves at /doi/{doi} only) or `datacite`.' },
      client: { type: 'string', description: 'The DataCite repository that registered it.' },
      status: { type: 'string', description: '`reserved`, `pending` (waiting for the registration agency), `registered` or `findable`.' },
    },
  },
} as const;

export const recordSchema = {
  $id: 'record',
  type: 'object',
  properties: {
    id: { type: 'string' },
    parent: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        access: { type: 'object', properties: { owned_by: { type: 'object', properties: { user: { type: 'string' } } } } },
        pids: { ...pidsSchema, description: 'The concept DOI (resolving to the latest version).' },
      },
    },
    versions: { type: 'object', properties: { index: { type: 'integer' }, is_latest: { type: 'boolean' }, is_latest_draft: { type: 'boolean' } } },
    revision_id: { type: 'integer' },
    created: { type: 'string', format: 'date-time' },
    updated: { type: 'string', format: 'date-time' },
    publication_date: { type: 'string', format: 'date-time' },
    is_draft: { type: 'boolean' },
    is_published: { type: 'boolean' },
    status: { enum: ['draft', 'new_version_draft', 'edit_draft', 'published'] },
    profile: { type: ['string', 'null'] },
    classification: { enum: ['public', 'internal', 'confidential', 'sensitive'] },
    personal_data: {
      type: 'array',
      description: 'Personal identifiers found in the draft (masked samples); any finding means a curator must review before publishing.',
      items: { type: 'object', additionalProperties: true },
    },
    metadata: { type: 'object', additionalProperties: true },
    access: {
      type: 'object',
      properties: {
        ...accessSchema.properties,
        status: { enum: ['open', 'embargoed', 'restricted', 'metadata-only'] },
      },
    },
    files: { type: 'object', properties: { enabled: { type: 'boolean' }, count: { type: 'integer' }, total_bytes: { type: 'integer' } } },
    pids: { ...pidsSchema, description: "This version's persistent identifiers (its DOI)." },
    errors: {
      type: 'array',
      description: 'Validation problems of a draft; publishing needs none.',
      items: { type: 'object', properties: { pointer: { type: 'string' }, message: { type: 'string' } } },
    },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

const recordRef = { $ref: 'record#' };

export const recordListSchema = {
  type: 'object',
  properties: {
    hits: { type: 'object', properties: { hits: { type: 'array', items: recordRef }, total: { type: 'integer' } } },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const ifMatchHeaders = {
  type: 'object',
  properties: { 'if-match': { type: 'string', description: 'The revision last seen, e.g. "3"; a stale one gives 412.' } },
} as const;

export const auditSchema = {
  type: 'object',
  properties: {
    hits: {
      type: 'object',
      properties: {
        hits: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              at: { type: 'string', format: 'date-time' },
              actor: { type: ['string', 'null'] },
              action: { type: 'string' },
              before: {},
              after: {},
              request_id: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const record200 = { 200: { description: 'The record.', ...recordRef } };
export const record201 = { 201: { description: 'Created.', ...recordRef } };
export { problems, recordRef };
