/**
 * Drains the outbox: claims due rows with `FOR UPDATE SKIP LOCKED` (so several
 * workers, or several servers on one PostgreSQL, never run a row twice at once),
 * runs the handler for the row's topic outside any transaction, deletes the row on
 * success, and on failure stores `last_error` and retries with capped exponential
 * backoff (2^attempts seconds, at most one hour), as graphile/worker does.
 *
 * A handler must be idempotent: a crash after it ran but before the row was deleted
 * runs it again once the claim (`locked_until`) expires.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import type { OutboxRow } from './tables.js';

export type OutboxHandler = (payload: Record<string, unknown>, row: OutboxRow) => Promise<void>;

export interface OutboxWorkerConfig {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly handlers: Readonly<Record<string, OutboxHandler>>;
  /** Rows claimed per round. */
  readonly batchSize?: number;
  /** Idle poll interval in ms (a commit that writes outbox rows also wakes the worker). */
  readonly pollMs?: number;
  /** How long a claim lasts before another worker may take the row over. */
  readonly claimMs?: number;
}

const MAX_BACKOFF_MS = 60 * 60 * 1000;

export class OutboxWorker {
  readonly #config: Required<OutboxWorkerConfig>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #again = false;

  constructor(config: OutboxWorkerConfig) {
    this.#config = Object.freeze({ batchSize: 20, pollMs: 1000, claimMs: 5 * 60 * 1000, ...config });
  }

  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** Asks for a drain soon (called after a commit that wrote outbox rows). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.#config.log.error({ err }, 'outbox drain failed'))
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.wake();
        } else {
          this.#timer = setTimeout(() => this.wake(), this.#config.pollMs);
        }
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Runs every due row until none is left; returns how many rows were handled. Never throws for a handler's failure. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await this.#claim();
      if (rows.length === 0) return handled;
      for (const row of rows) {
        await this.#run(row);
        handled++;
      }
    }
  }

  async #claim(): Promise<OutboxRow[]> {
    const { db, clock, batchSize, claimMs } = this.#config;
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('outbox')
        .select('id')
        .where('run_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return trx
        .updateTable('outbox')
        .set((eb) => ({ locked_until: new Date(now.getTime() + claimMs), attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due.map((r) => r.id))
        .returningAll()
        .execute()
        .then((rows) => rows.sort((a, b) => a.id - b.id));
    });
  }

  async #run(row: OutboxRow): Promise<void> {
    const { db, clock, log, handlers } = this.#config;
    const handler = handlers[row.topic];
    try {
      if (!handler) throw new Error(`no handler for outbox topic ${row.topic}`);
      await handler(row.payload, row);
      await db.deleteFrom('outbox').where('id', '=', row.id).execute();
    } catch (err) {
      const delay = Math.min(2 ** row.attempts * 1000, MAX_BACKOFF_MS);
      log.warn({ err, topic: row.topic, id: row.id, attempts: row.attempts }, 'outbox operation failed; will retry');
      await db
        .updateTable('outbox')
        .set({ last_error: err instanceof Error ? err.message : String(err), run_at: new Date(clock.now().getTime() + delay), locked_until: null })
        .where('id', '=', row.id)
        .execute();
    }
  }
}
