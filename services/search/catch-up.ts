/**
 * Read-your-writes for "my uploads": before searching the caller's own drafts and
 * records, apply the `search.index` tasks still waiting in the outbox, so a draft
 * saved a moment ago is listed. Claims rows as the outbox worker does (FOR UPDATE
 * SKIP LOCKED, then `locked_until`), so the two never run a task at the same time;
 * on a failure it stops and hands the rest back with the worker's backoff.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import type { OutboxHandler } from '../platform/outbox-worker.js';
import { SEARCH_INDEX_TOPIC } from './component.js';

export interface CatchUpConfig {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly handler: OutboxHandler;
  /** Most tasks applied per call (the rest wait for the worker). */
  readonly limit?: number;
}

/** Returns a function that applies pending index tasks and resolves when done. It never throws. */
export function indexCatchUp(config: CatchUpConfig): () => Promise<number> {
  const { db, clock, handler } = config;
  const limit = config.limit ?? 200;
  return async () => {
    let applied = 0;
    try {
      while (applied < limit) {
        const now = clock.now();
        const rows = await db.transaction().execute(async (trx) => {
          const due = await trx
            .selectFrom('outbox')
            .select('id')
            .where('topic', '=', SEARCH_INDEX_TOPIC)
            .where('run_at', '<=', now)
            .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
            .orderBy('id')
            .limit(50)
            .forUpdate()
            .skipLocked()
            .execute();
          if (due.length === 0) return [];
          return trx
            .updateTable('outbox')
            .set((eb) => ({ locked_until: new Date(now.getTime() + 60_000), attempts: eb('attempts', '+', 1) }))
            .where('id', 'in', due.map((r) => r.id))
            .returningAll()
            .execute();
        });
        if (rows.length === 0) break;
        for (const row of rows.sort((a, b) => a.id - b.id)) {
          try {
            await handler(row.payload, row);
            await db.deleteFrom('outbox').where('id', '=', row.id).execute();
          } catch (err) {
            // Back off as the worker would, and stop: the index is likely unreachable.
            const retry = new Date(clock.now().getTime() + Math.min(2 ** row.attempts * 1000, 3_600_000));
            await db
              .updateTable('outbox')
              .set({ locked_until: null, run_at: retry, last_error: err instanceof Error ? err.message : String(err) })
              .where('id', 'in', rows.filter((r) => r.id >= row.id).map((r) => r.id))
              .execute();
            return applied;
          }
          applied++;
        }
      }
    } catch {
      // Best effort: the worker applies what is left.
    }
    return applied;
  };
}
