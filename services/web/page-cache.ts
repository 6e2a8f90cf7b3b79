/**
 * A small in-memory cache of rendered pages for ANONYMOUS readers only (what anyone may see),
 * so a landing page costs no database round trip when it is read again (issue 4: "make the
 * page fast"). Signed-in readers always get a fresh render.
 *
 * Freshness: every record change purges the pages of the record's concept (all versions:
 * their version lists change too) through a record component. The component runs inside
 * the change's transaction, before commit, so a render that starts in that window could
 * read the old rows: such renders are not stored (`quarantineMs` after a purge, longer than
 * any of our transactions). `ttlMs` bounds what another server process (several app
 * instances on one PostgreSQL) may serve after a change it did not see; set it to 0 to
 * disable caching.
 */
import type { RecordComponent } from '../records/components.js';

export interface CachedPage {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly etag: string;
}

export interface PageCacheConfig {
  /** How long a page is served from memory (0 disables the cache). */
  readonly ttlMs: number;
  /** Largest number of pages kept (least recently used go first). */
  readonly maxEntries: number;
  /** After a purge, renders of that concept are not stored for this long. */
  readonly quarantineMs: number;
  /** Monotonic milliseconds (tests move it). */
  readonly now?: () => number;
}

interface Entry {
  page: CachedPage;
  parentId: string;
  expires: number;
}

/** Pages not tied to one concept (the sitemap) are stored under this parent: every purge drops them. */
export const ANY_PARENT = '*';

export class PageCache {
  readonly #c: Required<PageCacheConfig>;
  readonly #entries = new Map<string, Entry>();
  readonly #purgedAt = new Map<string, number>();

  constructor(config: PageCacheConfig) {
    this.#c = Object.freeze({ now: () => performance.now(), ...config });
  }

  /** A stored, unexpired page. Never throws. */
  get(key: string): CachedPage | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.#c.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Move to the end: the Map's insertion order is the LRU order.
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e.page;
  }

  /** The moment a render starts; pass it to `set` so a purge during the render is noticed. */
  stamp(): number {
    return this.#c.now();
  }

  /** Stores a page rendered since `renderedFrom`, unless its concept changed meanwhile (or just before). */
  set(key: string, parentId: string, page: CachedPage, renderedFrom: number): void {
    if (this.#c.ttlMs <= 0) return;
    const now = this.#c.now();
    const purged = this.#purgedAt.get(parentId);
    if (purged !== undefined && purged + this.#c.quarantineMs > renderedFrom) return;
    this.#entries.delete(key);
    this.#entries.set(key, { page, parentId, expires: now + this.#c.ttlMs });
    while (this.#entries.size > this.#c.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Drops the pages of a concept and every page not tied to one. */
  purge(parentId: string): void {
    const now = this.#c.now();
    this.#purgedAt.set(parentId, now);
    this.#purgedAt.set(ANY_PARENT, now);
    for (const [key, e] of this.#entries) if (e.parentId === parentId || e.parentId === ANY_PARENT) this.#entries.delete(key);
    // Forget old purges so the map stays small.
    if (this.#purgedAt.size > 10_000) {
      for (const [p, at] of this.#purgedAt) if (at + this.#c.quarantineMs < now) this.#purgedAt.delete(p);
    }
  }

  /** Empties the cache. */
  clear(): void {
    this.#entries.clear();
  }

  /** The record component that purges on every change of a published record (or its versions). */
  component(): RecordComponent {
    return {
      name: 'web-page-cache',
      onEvent: async (_uow, event) => {
        // Drafts are never shown here; a published, edited or deleted version changes every version's page.
        if (event.type.startsWith('record.')) this.purge(event.parentId);
      },
    };
  }
}
