/**
 * `Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): the first
 * response to a key is stored and replayed for a retry with the same key, so a client
 * that lost a response can retry without creating twice.
 *
 * - same key, same request (method, path, body) → the stored status and body, with
 *   `Idempotent-Replayed: true`;
 * - same key, different request → 422; same key while the first is still running → 409;
 * - a 5xx or a streamed response is not stored (the key is freed so a retry runs again).
 * Keys are scoped to the caller (user id, or "anonymous") and kept for 24 hours.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import { jsonb } from './db/json.js';
import { AppError, BadRequestError } from './errors.js';
import './request-context.js';

export class IdempotencyKeyReusedError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly status = 422;
  readonly title = 'Idempotency key reused';
}
export class IdempotencyKeyInProgressError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_IN_PROGRESS';
  readonly status = 409;
  readonly title = 'Request with this idempotency key is in progress';
}

export interface IdempotencyOptions {
  db: Kysely<Database>;
  clock: Clock;
  ttlMs?: number;
}

const HEADER = 'idempotency-key';
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { owner: string; key: string };
  }
}

function requestHash(request: FastifyRequest): string {
  const h = createHash('sha256').update(`${request.method} ${request.url}\n`);
  if (request.body !== undefined) h.update(JSON.stringify(request.body));
  return h.digest('hex');
}

async function idempotency(app: FastifyInstance, opts: IdempotencyOptions): Promise<void> {
  const { db, clock } = opts;
  const ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || key === undefined) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      throw new BadRequestError('Idempotency-Key must be a single value of 1 to 255 characters.');
    }
    const owner = request.identity.kind === 'user' ? request.identity.id : 'anonymous';
    const hash = requestHash(request);
    const now = clock.now();
    await db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now.getTime() - ttlMs)).execute();
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ owner, key, request_hash: hash, status: null, content_type: null, headers: null, body: null, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotency = { owner, key };
      return;
    }
    const stored = await db.selectFrom('idempotency_keys').selectAll().where('owner', '=', owner).where('key', '=', key).executeTakeFirstOrThrow();
    if (stored.request_hash !== hash) throw new IdempotencyKeyReusedError('This Idempotency-Key was used for a different request.');
    if (stored.status === null) throw new IdempotencyKeyInProgressError('The first request with this Idempotency-Key has not finished yet.');
    reply.headers({ ...(stored.headers ?? {}), 'idempotent-replayed': 'true' });
    return reply.code(stored.status).send(stored.body ?? undefined);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = undefined;
    const where = db.deleteFrom('idempotency_keys').where('owner', '=', claim.owner).where('key', '=', claim.key);
    if (reply.statusCode >= 500 || (payload !== null && payload !== undefined && typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      await where.execute();
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    await db
      .updateTable('idempotency_keys')
      .set({ status: reply.statusCode, headers: jsonb(headers), body: payload === null || payload === undefined ? null : payload.toString() })
      .where('owner', '=', claim.owner)
      .where('key', '=', claim.key)
      .execute();
    return payload;
  });

  // A request that failed before onSend (e.g. the client went away) must not pin its key forever.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotency;
    if (!claim) return;
    await db.deleteFrom('idempotency_keys').where('owner', '=', claim.owner).where('key', '=', claim.key).where('status', 'is', null).execute();
  });
}

export default fp(idempotency, { name: 'cairn-idempotency', dependencies: ['cairn-auth'] });
