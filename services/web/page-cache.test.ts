import { describe, expect, it } from 'vitest';
import { ANY_PARENT, PageCache, type CachedPage } from './page-cache.js';

const page = (body: string): CachedPage => ({ status: 200, body, headers: {}, etag: `"${body}"` });

function cache(overrides: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000;
  const c = new PageCache({ ttlMs: 100, maxEntries: 3, quarantineMs: 50, now: () => now, ...overrides });
  return { c, advance: (ms: number) => (now += ms) };
}

describe('PageCache', () => {
  it('serves a page until its TTL, and nothing when the TTL is 0', () => {
    const { c, advance } = cache();
    c.set('a', 'p1', page('A'), c.stamp());
    expect(c.get('a')?.body).toBe('A');
    advance(100);
    expect(c.get('a')).toBeUndefined();
    const off = cache({ ttlMs: 0 }).c;
    off.set('a', 'p1', page('A'), off.stamp());
    expect(off.get('a')).toBeUndefined();
  });

  it('drops the least recently used page past maxEntries', () => {
    const { c } = cache();
    for (const k of ['a', 'b', 'c']) c.set(k, 'p', page(k), c.stamp());
    c.get('a');
    c.set('d', 'p', page('d'), c.stamp());
    expect(c.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => c.get(k)?.body)).toEqual(['a', 'c', 'd']);
  });

  it("purges a concept's pages and every page not tied to one, and no other", () => {
    const { c } = cache();
    c.set('v1', 'p1', page('v1'), c.stamp());
    c.set('sitemap', ANY_PARENT, page('s'), c.stamp());
    c.set('other', 'p2', page('o'), c.stamp());
    c.purge('p1');
    expect(c.get('v1')).toBeUndefined();
    expect(c.get('sitemap')).toBeUndefined();
    expect(c.get('other')?.body).toBe('o');
  });

  it('does not store a render that started before a purge of its concept, or shortly after (the change may not be committed yet)', () => {
    const { c, advance } = cache();
    const before = c.stamp();
    advance(5);
    c.purge('p1');
    c.set('v1', 'p1', page('stale'), before);
    expect(c.get('v1')).toBeUndefined();
    advance(10);
    c.set('v1', 'p1', page('maybe stale'), c.stamp());
    expect(c.get('v1')).toBeUndefined();
    c.set('x', 'p2', page('unrelated'), c.stamp());
    expect(c.get('x')?.body).toBe('unrelated');
    advance(50);
    c.set('v1', 'p1', page('fresh'), c.stamp());
    expect(c.get('v1')?.body).toBe('fresh');
  });
});
