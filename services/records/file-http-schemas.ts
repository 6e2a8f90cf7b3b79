/** Route schemas of record and draft files. */
export const fileParams = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    key: { type: 'string', minLength: 1, maxLength: 4096, description: 'File key; percent-encode "/" of folders (raw%2Fscan-01.h5).' },
  },
  required: ['id', 'key'],
} as const;

export const partParams = {
  type: 'object',
  properties: { ...fileParams.properties, part: { type: 'integer', minimum: 1, maximum: 10000 } },
  required: ['id', 'key', 'part'],
} as const;

export const fileEntrySchema = {
  $id: 'file-entry',
  type: 'object',
  properties: {
    key: { type: 'string' },
    status: { enum: ['pending', 'completed'] },
    size: { type: ['integer', 'null'] },
    mimetype: { type: 'string' },
    checksum: { type: ['string', 'null'], description: 'md5:<hex>, as InvenioRDM reports it.' },
    checksums: { type: 'object', properties: { md5: { type: ['string', 'null'] }, sha256: { type: ['string', 'null'] } } },
    metadata: { type: 'object', additionalProperties: true },
    transfer: { type: 'object', properties: { type: { enum: ['L', 'M'] }, parts: { type: 'integer' }, part_size: { type: 'integer' } } },
    created: { type: 'string', format: 'date-time' },
    updated: { type: 'string', format: 'date-time' },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const fileListSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    entries: { type: 'array', items: { $ref: 'file-entry#' } },
    total_bytes: { type: 'integer' },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const initFilesBody = {
  type: 'array',
  minItems: 1,
  maxItems: 1000,
  description: 'Files to declare. `transfer.type` "M" declares a multipart upload of `parts` parts of `part_size` bytes.',
  items: {
    type: 'object',
    properties: {
      key: { type: 'string', minLength: 1, maxLength: 4096 },
      size: { type: 'integer', minimum: 0 },
      checksum: { type: 'string', pattern: '^(md5:[0-9a-fA-F]{32}|sha256:[0-9a-fA-F]{64})$' },
      mimetype: { type: 'string', maxLength: 255 },
      metadata: { type: 'object', additionalProperties: true },
      transfer: {
        type: 'object',
        properties: {
          type: { enum: ['L', 'M'] },
          parts: { type: 'integer', minimum: 1, maximum: 10000 },
          part_size: { type: 'integer', minimum: 1 },
        },
        required: ['type'],
      },
    },
    required: ['key'],
  },
} as const;

export const uploadHeaders = {
  type: 'object',
  properties: {
    'content-length': { type: 'integer', minimum: 0 },
    'content-md5': { type: 'string', description: 'Base64 MD5 of the body (RFC 1864); a mismatch is a 422 and nothing is kept.' },
    digest: { type: 'string', description: 'RFC 3230 digest, e.g. sha-256=<base64>.' },
    'repr-digest': { type: 'string', description: 'RFC 9530 digest, e.g. sha-256=:<base64>:.' },
  },
} as const;

export const partSchema = {
  type: 'object',
  properties: { part_number: { type: 'integer' }, size: { type: 'integer' }, checksum: { type: 'string' } },
} as const;
