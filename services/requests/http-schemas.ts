/** Route schemas of the requests context (responses declared so nothing undeclared leaks). */
import { pagingQuery } from '../platform/http-schemas.js';
import { RECORD_ID_PATTERN } from '../platform/ids.js';
import { REQUESTS_DEFAULTS } from './config.js';
import { REQUEST_STATUSES, REQUEST_TYPES } from './tables.js';

const textField = (description: string) => ({ type: ['string', 'null'], maxLength: REQUESTS_DEFAULTS.maxTextLength, description });

/** A timeline entry; registered once (`app.addSchema`) and referenced as `requestEvent#`. */
export const requestEventSchema = {
  $id: 'requestEvent',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    type: { enum: ['comment', 'action'] },
    action: { type: ['string', 'null'], enum: ['submitted', 'accepted', 'declined', 'cancelled', 'expired', null] },
    created_by: { type: ['string', 'null'], description: 'The user; null for the system (expiry).' },
    content: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'type', 'created'],
} as const;

/** A request; registered once (`app.addSchema`) and referenced as `request#`. */
export const requestSchema = {
  $id: 'request',
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { enum: [...REQUEST_TYPES] },
    status: { enum: [...REQUEST_STATUSES] },
    is_open: { type: 'boolean' },
    record_id: { type: 'string' },
    parent_id: { type: 'string' },
    title: { type: 'string', description: "The record's title when the request was made." },
    created_by: { type: 'string' },
    receiver: { type: 'object', description: 'Who decides: the curators, or a user (the owner, for access requests).', properties: { type: { enum: ['curators', 'user'] }, id: { type: 'string' } }, required: ['type'] },
    payload: {
      type: 'object',
      properties: {
        message: { type: ['string', 'null'] },
        until: { type: 'string', format: 'date', description: 'embargo-extension: the requested end.' },
        previous_until: { type: ['string', 'null'], format: 'date', description: 'The embargo end when the request was made.' },
        expires_at: { type: ['string', 'null'], format: 'date-time', description: 'access-request: when the requested access should end.' },
        reasons: { type: 'array', items: { type: 'string' }, description: 'publish-review: sensitive, personal-data, all-publishes.' },
        revision_id: { type: 'integer', description: 'publish-review: the draft revision when the review was asked for.' },
      },
    },
    approved_revision: { type: ['integer', 'null'], description: 'publish-review: the draft revision the curator approved, until it is published or voided.' },
    created: { type: 'string', format: 'date-time' },
    updated: { type: 'string', format: 'date-time' },
    expires_at: { type: ['string', 'null'], format: 'date-time' },
    timeline: { type: 'array', description: 'Comments and actions (submitted, accepted, declined, cancelled, expired), oldest first.', items: { $ref: 'requestEvent#' } },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['id', 'type', 'status', 'record_id', 'created_by', 'receiver', 'created'],
} as const;

export const requestListSchema = {
  type: 'object',
  properties: {
    hits: { type: 'object', properties: { hits: { type: 'array', items: { $ref: 'request#' } }, total: { type: 'integer' } } },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export const queueSchema = {
  type: 'object',
  properties: {
    requests: { type: 'object', properties: { hits: { type: 'array', items: { $ref: 'request#' } }, total: { type: 'integer' } } },
    embargoes: {
      type: 'array',
      description: 'Published records whose embargo ends within the window, soonest first.',
      items: { type: 'object', properties: { id: { type: 'string' }, until: { type: 'string', format: 'date' }, title: { type: 'string' } } },
    },
  },
} as const;

export const requestIdParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] } as const;
export const recordIdParams = { type: 'object', properties: { id: { type: 'string', pattern: RECORD_ID_PATTERN } }, required: ['id'] } as const;
export const actionParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, action: { enum: ['accept', 'decline', 'cancel'] } },
  required: ['id', 'action'],
} as const;

export const listQuery = {
  type: 'object',
  properties: {
    ...pagingQuery.properties,
    status: { enum: [...REQUEST_STATUSES] },
    type: { enum: [...REQUEST_TYPES] },
    record: { type: 'string', maxLength: 64 },
  },
  additionalProperties: false,
} as const;

export const queueQuery = {
  type: 'object',
  properties: { days: { type: 'integer', minimum: 0, maximum: 3650, default: 30, description: 'Embargoes ending within this many days.' } },
  additionalProperties: false,
} as const;

export const decisionBody = {
  type: 'object',
  properties: {
    comment: textField('Added to the timeline with the action.'),
    expires_at: { type: ['string', 'null'], format: 'date-time', description: 'Accepting an access request: when the grant ends (default: what the requester asked).' },
  },
  additionalProperties: false,
} as const;

export const commentBody = {
  type: 'object',
  properties: { content: { type: 'string', minLength: 1, maxLength: REQUESTS_DEFAULTS.maxTextLength } },
  required: ['content'],
  additionalProperties: false,
} as const;

export const messageBody = { type: 'object', properties: { message: textField('For the curators.') }, additionalProperties: false } as const;

export const extensionBody = {
  type: 'object',
  properties: { until: { type: 'string', format: 'date', description: 'The new end of the embargo (YYYY-MM-DD), later than the current one.' }, message: textField('Why.') },
  required: ['until'],
  additionalProperties: false,
} as const;

export const accessRequestBody = {
  type: 'object',
  properties: {
    message: textField("For the record's owner."),
    expires_at: { type: ['string', 'null'], format: 'date-time', description: 'When the access should end, if it should.' },
  },
  additionalProperties: false,
} as const;
