/** Route schema pieces shared by every context: problem documents, paging. */

export const problemSchema = {
  $id: 'problem',
  type: 'object',
  description: 'An RFC 9457 problem document.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable error code.' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { pointer: { type: 'string', description: 'JSON pointer to the offending value.' }, message: { type: 'string' } },
        required: ['pointer', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'code'],
  additionalProperties: true,
} as const;

const problemRef = { content: { 'application/problem+json': { schema: { $ref: 'problem#' } } } };

const descriptions: Record<number, string> = {
  400: 'Bad request (problem document with field errors).',
  401: 'Authentication required or the token is invalid.',
  403: 'Permission denied.',
  404: 'Not found.',
  409: 'Conflict with the current state.',
  410: 'Gone.',
  412: 'The If-Match revision is stale.',
  413: 'Content too large.',
  415: 'Unsupported media type.',
  406: 'None of the accepted media types can be produced.',
  416: 'Range not satisfiable.',
  422: 'Digest mismatch or reused idempotency key.',
};

/** Problem responses for the given statuses, for a route's `response` schema. */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, { description: descriptions[s] ?? 'Error.', ...problemRef }]));
}

export const pagingQuery = {
  type: 'object',
  properties: {
    page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
    size: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  },
  additionalProperties: false,
} as const;

export const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, description: 'Replays the first response to a retried POST.' },
  },
} as const;
