/**
 * Resumption tokens (spec §3.5): opaque to harvesters, stateless here. A token carries the
 * whole query (verb, metadataPrefix, set, from, the `until` pinned at the first request) and
 * a keyset position (the last entry sent), plus the cursor, the complete list size and an
 * expiry — base64url JSON. Nothing is stored server-side, so any server process can serve
 * the next page, and a restart loses nothing.
 *
 * Tokens are not signed: a token grants nothing (every page runs as the anonymous identity
 * under the access policy), so a forged one could only ask for what a plain request could.
 * Decoding is strict, and anything malformed, expired or from another verb is a
 * badResumptionToken.
 */
import { OaiError } from './errors.js';

export interface TokenState {
  verb: 'ListRecords' | 'ListIdentifiers';
  metadataPrefix: string;
  set?: string;
  /** updated_at ≥ from (ms). */
  from?: number;
  /** updated_at < until (ms): the request's until, or the first response's time. */
  until: number;
  /** Keyset position of the last entry sent. */
  after: string;
  /** Entries sent before the next page. */
  cursor: number;
  completeListSize: number;
  /** Expiry (ms since the epoch). */
  expires: number;
}

const VERSION = 1;
const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_[0-9a-z-]{1,64}$/;

export function encodeToken(state: TokenState): string {
  const { verb, metadataPrefix, set, from, until, after, cursor, completeListSize, expires } = state;
  const wire = { v: VERSION, vb: verb === 'ListRecords' ? 'R' : 'I', p: metadataPrefix, s: set, f: from, u: until, a: after, c: cursor, n: completeListSize, e: expires };
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

/** Decodes a token for `verb`. Throws OaiError('badResumptionToken') for anything else. */
export function decodeToken(token: string, verb: TokenState['verb'], now: number): TokenState {
  const bad = (why: string) => new OaiError('badResumptionToken', `The resumption token is ${why}.`);
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(token)) throw bad('not one of ours');
  let wire: Record<string, unknown>;
  try {
    wire = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw bad('not one of ours');
  }
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const ok =
    typeof wire === 'object' &&
    wire !== null &&
    wire.v === VERSION &&
    (wire.vb === 'R' || wire.vb === 'I') &&
    typeof wire.p === 'string' &&
    /^[A-Za-z0-9_.!~*'()-]{1,64}$/.test(wire.p) &&
    (wire.s === undefined || (typeof wire.s === 'string' && wire.s.length <= 200)) &&
    (wire.f === undefined || int(wire.f)) &&
    int(wire.u) &&
    typeof wire.a === 'string' &&
    POSITION.test(wire.a) &&
    int(wire.c) &&
    int(wire.n) &&
    int(wire.e);
  if (!ok) throw bad('not one of ours');
  if ((wire.vb === 'R' ? 'ListRecords' : 'ListIdentifiers') !== verb) throw bad(`for the other list verb, not ${verb}`);
  if ((wire.e as number) <= now) throw bad('expired; start the list again');
  return {
    verb,
    metadataPrefix: wire.p as string,
    ...(wire.s !== undefined ? { set: wire.s as string } : {}),
    ...(wire.f !== undefined ? { from: wire.f as number } : {}),
    until: wire.u as number,
    after: wire.a as string,
    cursor: wire.c as number,
    completeListSize: wire.n as number,
    expires: wire.e as number,
  };
}
