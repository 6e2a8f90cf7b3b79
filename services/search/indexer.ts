/**
 * The indexer: the only writer of the search index. It loads the current state of an
 * id through `RecordsService.indexSnapshot` (never the records' tables) and writes the
 * documents that state implies, removing the ones it no longer does (a deleted draft,
 * a tombstoned record). Because it indexes the *current* state, tasks are idempotent
 * and may run late, twice or out of order; the outbox retries failures.
 *
 * Also: a full rebuild from the database (`reindex`) and a comparison of the index
 * with the database (`check`), both keyset-paged.
 */
import { readersOf } from '../access/policy.js';
import type { OutboxHandler } from '../platform/outbox-worker.js';
import type { IndexSnapshot } from '../records/service.js';
import { buildDocument, documentKey } from './document.js';
import type { SearchDocument, SearchIndex } from './search-index.js';

export interface SearchIndexerConfig {
  readonly index: SearchIndex;
  readonly records: {
    indexSnapshot(id: string): Promise<IndexSnapshot>;
    listIndexIds(page: { after?: string; limit: number }): Promise<string[]>;
  };
  /** Principals that may read a concept's restricted versions (owner, grantees); default: the owner. */
  readonly readers?: (parentId: string, ownerId: string) => Promise<string[]>;
}

export interface ReindexReport {
  readonly documents: number;
  readonly removed: number;
  readonly seconds: number;
}

export interface CheckReport {
  /** Documents the database implies and the index lacks. */
  readonly missing: string[];
  /** Documents whose indexed content differs from what the database implies. */
  readonly stale: string[];
  /** Indexed documents the database no longer implies (deleted drafts, tombstones). */
  readonly orphaned: string[];
  readonly checked: number;
}

/** Events after which the other versions' "latest" flags may have changed. */
const VERSION_EVENTS = new Set(['record.published', 'record.deleted']);

export class SearchIndexer {
  readonly #c: SearchIndexerConfig;
  constructor(config: SearchIndexerConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /** The outbox handler of `search.index` tasks. Throws (so the outbox retries) when the index or the database fails. */
  handler(): OutboxHandler {
    return async (payload) => {
      await this.sync(String(payload.id), { versions: VERSION_EVENTS.has(String(payload.event)) });
    };
  }

  /** Brings one id's documents up to date (and its concept's other versions with `versions`). */
  async sync(id: string, opts: { versions?: boolean } = {}): Promise<void> {
    const snapshot = await this.#c.records.indexSnapshot(id);
    const docs = await this.documentsOf(snapshot);
    const keep = new Set(docs.map((d) => d.key));
    await this.#c.index.upsert(docs);
    await this.#c.index.remove([documentKey(id, false), documentKey(id, true)].filter((k) => !keep.has(k)));
    if (opts.versions) for (const v of snapshot.versions) if (v.id !== id) await this.sync(v.id);
  }

  /** The documents a snapshot implies: its live record and its draft. Never throws. */
  async documentsOf(snapshot: IndexSnapshot): Promise<SearchDocument[]> {
    const any = snapshot.record ?? snapshot.draft;
    if (!any) return [];
    const { id: parentId, owner_id: ownerId } = any.parent;
    const readers = this.#c.readers ? await this.#c.readers(parentId, ownerId) : readersOf({ ownerId, parentId });
    const latest = Math.max(0, ...snapshot.versions.map((v) => v.index));
    const docs: SearchDocument[] = [];
    if (snapshot.record) {
      const isLatest = snapshot.record.row.version_index === latest;
      docs.push(buildDocument({ result: snapshot.record, fileKeys: snapshot.record.fileKeys, readers, isLatest, shadowed: snapshot.draft !== null }));
    }
    if (snapshot.draft) docs.push(buildDocument({ result: snapshot.draft, fileKeys: snapshot.draft.fileKeys, readers, isLatest: false, shadowed: false }));
    return docs;
  }

  /**
   * Rebuilds the whole index from the database with no downtime (the adapter swaps the
   * new generation in at the end). Throws what the database or the index throws (the
   * current generation then stays).
   */
  async reindex(opts: { batchSize?: number; concurrency?: number; onProgress?: (documents: number) => void } = {}): Promise<ReindexReport> {
    const started = process.hrtime.bigint();
    const batchSize = opts.batchSize ?? 200;
    const rebuild = await this.#c.index.beginRebuild();
    let documents = 0;
    try {
      for (let after: string | undefined; ; ) {
        const ids = await this.#c.records.listIndexIds({ ...(after ? { after } : {}), limit: batchSize });
        if (ids.length === 0) break;
        const docs = (await mapLimit(ids, opts.concurrency ?? 4, async (id) => this.documentsOf(await this.#c.records.indexSnapshot(id)))).flat();
        await rebuild.write(docs);
        documents += docs.length;
        opts.onProgress?.(documents);
        after = ids[ids.length - 1];
      }
      const { removed } = await rebuild.commit();
      return { documents, removed, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    } catch (err) {
      await rebuild.abort();
      throw err;
    }
  }

  /** Compares the index with the database. Changes during the check may show up as stale. */
  async check(opts: { batchSize?: number; concurrency?: number } = {}): Promise<CheckReport> {
    const batchSize = opts.batchSize ?? 200;
    const indexed = new Map<string, string>();
    for (let after: string | null = null; ; ) {
      const page = await this.#c.index.fingerprints(after, 1000);
      for (const { key, fingerprint } of page) indexed.set(key, fingerprint);
      if (page.length < 1000) break;
      after = page[page.length - 1]!.key;
    }
    const missing: string[] = [];
    const stale: string[] = [];
    let checked = 0;
    for (let after: string | undefined; ; ) {
      const ids = await this.#c.records.listIndexIds({ ...(after ? { after } : {}), limit: batchSize });
      if (ids.length === 0) break;
      const docs = (await mapLimit(ids, opts.concurrency ?? 4, async (id) => this.documentsOf(await this.#c.records.indexSnapshot(id)))).flat();
      for (const doc of docs) {
        checked++;
        const fingerprint = indexed.get(doc.key);
        if (fingerprint === undefined) missing.push(doc.key);
        else if (fingerprint !== doc.fingerprint) stale.push(doc.key);
        indexed.delete(doc.key);
      }
      after = ids[ids.length - 1];
    }
    return { missing, stale, orphaned: [...indexed.keys()], checked };
  }
}

/** Maps with at most `limit` calls in flight, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
