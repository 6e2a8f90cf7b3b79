/**
 * Lifts embargoes when their day comes, and catches up after downtime: each round asks
 * the records context for every embargo due by now (the clock port, so tests move time)
 * and lifts them one by one, each in its own unit of work (index, DOI update and the
 * owner's mail go through the outbox of that same transaction). Lifting is idempotent,
 * so two workers or a retried round never lift twice.
 */
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/uow.js';
import type { RecordsService } from '../records/service.js';
import type { RecordRow } from '../records/tables.js';

export interface EmbargoWorkerConfig {
  readonly records: RecordsService;
  readonly clock: Clock;
  readonly log: Logger;
  /** Called inside the lifting transaction (e.g. to queue the owner's mail). */
  readonly onLifted?: (uow: UnitOfWork, record: RecordRow, ownerId: string) => Promise<void>;
}

export class EmbargoWorker {
  readonly #c: EmbargoWorkerConfig;

  constructor(config: EmbargoWorkerConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /** Lifts every embargo due now; returns how many were lifted. A failure of one is logged and retried next round. */
  async runOnce(): Promise<number> {
    let lifted = 0;
    for (;;) {
      const due = await this.#c.records.embargoesDue(this.#c.clock.now());
      let progressed = false;
      for (const { id } of due) {
        try {
          if (await this.#c.records.liftEmbargo(id, this.#c.onLifted)) {
            lifted++;
            progressed = true;
          }
        } catch (err) {
          this.#c.log.error({ err, record: id }, 'lifting an embargo failed; will retry');
        }
      }
      if (!progressed) return lifted;
    }
  }
}
