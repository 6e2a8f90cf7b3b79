/**
 * The indexer as an outbox handler: tasks written with each change, applied after commit,
 * retried with backoff when the index fails, and idempotent (each applies the current state).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { OutboxWorker } from '../platform/outbox-worker.js';
import { body, createTestApp, type TestApp, type TestUser } from '../platform/testing/test-app.js';
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { SEARCH_INDEX_TOPIC } from './component.js';
import { SearchIndexer } from './indexer.js';
import { PostgresSearchIndex } from './postgres-search-index.js';
import type { SearchIndex } from './search-index.js';

let t: TestApp;
let alice: TestUser;
const clock = new ManualClock('2026-03-01T00:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ clock });
  alice = await t.user();
});
afterAll(async () => t?.close());

/** The real index, failing its next `failures` writes (an unreachable engine). */
function flaky(index: SearchIndex, failures: { left: number }): SearchIndex {
  return new Proxy(index, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'upsert' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        if (failures.left-- > 0) throw new Error('index unreachable');
        return (value as (...a: unknown[]) => Promise<void>).apply(target, args);
      };
    },
  });
}

async function titlesFound(q: string): Promise<string[]> {
  const r = await t.services.search.searchRecords({ kind: 'anonymous' }, { q, size: 10 });
  return r.hits.map((h) => (h.row.metadata as { titles: Array<{ title: string }> }).titles[0]!.title);
}

describe('SearchIndexer', () => {
  it('retries a failed task with backoff, then applies the current state once', async () => {
    const failures = { left: 1 };
    const indexer = new SearchIndexer({ index: flaky(new PostgresSearchIndex({ db: t.database.db }), failures), records: t.services.records });
    const worker = new OutboxWorker({ db: t.database.db, clock, log: pino({ level: 'silent' }), handlers: { [SEARCH_INDEX_TOPIC]: indexer.handler() } });

    const created = await t.app.inject({ method: 'POST', url: '/api/records', headers: { ...alice.auth, 'content-type': 'application/json' }, payload: { metadata: { ...minimal, titles: [{ title: 'Permafrost boreholes' }] }, files: { enabled: false } } });
    const id = body(created).id as string;
    const published = await t.app.inject({ method: 'POST', url: `/api/records/${id}/draft/actions/publish`, headers: alice.auth });
    expect(published.statusCode).toBe(202);
    const tasks = () => t.database.db.selectFrom('outbox').selectAll().where('topic', '=', SEARCH_INDEX_TOPIC).orderBy('id').execute();
    expect((await tasks()).map((r) => r.payload)).toEqual([
      { id, event: 'draft.created' },
      { id, event: 'record.published' },
    ]);

    await worker.drain();
    const [failed, ...rest] = await tasks();
    expect(failed).toMatchObject({ attempts: 1, last_error: 'index unreachable' });
    expect(rest).toEqual([]);
    expect(await titlesFound('permafrost')).toEqual(['Permafrost boreholes']);

    // Not due before its backoff; after it, the retry applies the current state again, harmlessly.
    expect(await worker.drain()).toBe(0);
    clock.advance(2_001);
    expect(await worker.drain()).toBe(1);
    expect(await tasks()).toEqual([]);
    expect(await titlesFound('permafrost')).toEqual(['Permafrost boreholes']);
    expect(failures.left).toBeLessThan(0);
  });

  it('takes a tombstoned record out of the index', async () => {
    const admin = await t.user('admin');
    const ids = await titlesFound('permafrost');
    expect(ids).toHaveLength(1);
    const hit = (await t.services.search.searchRecords({ kind: 'anonymous' }, { q: 'permafrost', size: 1 })).hits[0]!;
    const del = await t.app.inject({ method: 'POST', url: `/api/records/${hit.row.id}/delete`, headers: { ...admin.auth, 'content-type': 'application/json' }, payload: { reason: 'Duplicate deposit' } });
    expect(del.statusCode).toBe(204);
    await t.outbox.drain();
    expect(await titlesFound('permafrost')).toEqual([]);
    expect(await t.database.db.selectFrom('search_documents').select('key').where('record_id', '=', hit.row.id).execute()).toEqual([]);
  });
});
