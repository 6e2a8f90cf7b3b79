import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { parseDigestHeaders, type ClientDigests } from './digest.js';
import { InvalidDigestHeaderError } from './errors.js';

const body = Buffer.from('hello, cairn');
const md5 = createHash('md5').update(body).digest();
const sha = createHash('sha256').update(body).digest();
const md5hex = md5.toString('hex');
const shahex = sha.toString('hex');
const md5b64 = md5.toString('base64');
const shab64 = sha.toString('base64');

describe('parseDigestHeaders', () => {
  const good: Array<[string, Record<string, string | string[] | undefined>, ClientDigests]> = [
    ['no headers', {}, {}],
    ['Content-MD5', { 'content-md5': md5b64 }, { md5: md5hex }],
    ['Content-MD5 with a capitalised name', { 'Content-MD5': md5b64 }, { md5: md5hex }],
    ['Content-MD5 without padding', { 'content-md5': md5b64.replace(/=+$/, '') }, { md5: md5hex }],
    ['Digest md5', { digest: `md5=${md5b64}` }, { md5: md5hex }],
    ['Digest MD5 upper case', { digest: `MD5=${md5b64}` }, { md5: md5hex }],
    ['Digest SHA-256 and md5', { digest: `SHA-256=${shab64}, md5=${md5b64}` }, { md5: md5hex, sha256: shahex }],
    ['Digest with an unknown algorithm', { digest: `UNIXsum=30637, sha-256=${shab64}` }, { sha256: shahex }],
    ['Digest as repeated headers', { digest: [`md5=${md5b64}`, `sha-256=${shab64}`] }, { md5: md5hex, sha256: shahex }],
    ['Repr-Digest sha-256', { 'repr-digest': `sha-256=:${shab64}:` }, { sha256: shahex }],
    ['Content-Digest sha-256 and md5', { 'content-digest': `sha-256=:${shab64}:, md5=:${md5b64}:` }, { md5: md5hex, sha256: shahex }],
    ['Content-Digest with unknown sha-512 and parameters', { 'content-digest': `sha-512=:AAAA:, sha-256=:${shab64}:;x=1` }, { sha256: shahex }],
    ['agreeing headers', { 'content-md5': md5b64, digest: `md5=${md5b64}`, 'repr-digest': `sha-256=:${shab64}:` }, { md5: md5hex, sha256: shahex }],
    ['unrelated headers', { 'content-type': 'text/csv', 'want-digest': 'sha-256' }, {}],
  ];
  it.each(good)('parses %s', (_name, headers, expected) => {
    expect(parseDigestHeaders(headers)).toEqual(expected);
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['Content-MD5 in hex', { 'content-md5': md5hex }],
    ['Content-MD5 not base64', { 'content-md5': 'not base64!' }],
    ['Content-MD5 empty', { 'content-md5': '' }],
    ['Content-MD5 of the wrong length', { 'content-md5': shab64 }],
    ['Digest without =', { digest: 'md5' }],
    ['Digest with an empty member', { digest: `md5=${md5b64},,` }],
    ['Digest sha-256 of the wrong length', { digest: `sha-256=${md5b64}` }],
    ['Repr-Digest value not a byte sequence', { 'repr-digest': `sha-256=${shab64}` }],
    ['Repr-Digest bare key', { 'repr-digest': 'sha-256' }],
    ['Content-Digest broken byte sequence', { 'content-digest': `md5=:${md5b64}` }],
    ['Content-Digest garbage member', { 'content-digest': '=:abc:' }],
    ['headers that disagree', { 'content-md5': md5b64, digest: `md5=${createHash('md5').update('other').digest('base64')}` }],
  ];
  it.each(bad)('rejects %s', (_name, headers) => {
    expect(() => parseDigestHeaders(headers)).toThrow(InvalidDigestHeaderError);
    try {
      parseDigestHeaders(headers);
    } catch (err) {
      expect(err).toMatchObject({ status: 400, code: 'DIGEST_HEADER_INVALID' });
    }
  });
});
