/**
 * Unit of work: one database transaction plus the side effects it implies.
 *
 * Use it for every write that must be atomic with its consequences: the service runs
 * its repository calls on `uow.trx`, writes audit entries with `uow.audit(...)`, and
 * registers outside work (index a record, register a DOI, send mail, release blobs)
 * with `uow.register(...)`. Registered operations become outbox rows in the SAME
 * transaction and are carried out by the outbox worker after commit, so a crash or an
 * unreachable remote never leaves the database and the outside world disagreeing.
 *
 * Do not use it for reads, and never do network I/O inside it. Services accept an
 * optional `uow` so a caller can group several service calls (e.g. publish = pid +
 * access + index) into one transaction; `runInUnitOfWork` joins one that is passed in.
 */
import type { Kysely, Transaction } from 'kysely';
import { auditRepo, type AuditEntry } from './audit.js';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import { jsonb } from './db/json.js';

export interface OutboxOperation {
  topic: string;
  payload: Record<string, unknown>;
  /** Run no earlier than this (default: now). */
  runAt?: Date;
}

export class UnitOfWork {
  readonly #operations: OutboxOperation[] = [];
  constructor(
    readonly trx: Transaction<Database>,
    readonly clock: Clock,
    readonly requestId: string | null = null,
  ) {}

  /** Registers outside work to run after commit. */
  register(op: OutboxOperation): void {
    this.#operations.push(op);
  }

  /** Appends an audit entry inside this transaction. */
  async audit(entry: Omit<AuditEntry, 'requestId'>): Promise<void> {
    await auditRepo.append(this.trx, this.clock.now(), { ...entry, requestId: this.requestId });
  }

  /** Writes the registered operations as outbox rows; called once, just before commit. */
  async flush(): Promise<number> {
    const ops = this.#operations.splice(0);
    if (ops.length === 0) return 0;
    const now = this.clock.now();
    await this.trx
      .insertInto('outbox')
      .values(ops.map((op) => ({ topic: op.topic, payload: jsonb(op.payload), run_at: op.runAt ?? now, created_at: now })))
      .execute();
    return ops.length;
  }
}

export interface UnitOfWorkFactory {
  /** Runs `fn` in a new transaction, or inside `existing` when given. Rethrows what `fn` throws (after rollback). */
  run<T>(fn: (uow: UnitOfWork) => Promise<T>, existing?: UnitOfWork, requestId?: string | null): Promise<T>;
}

export function unitOfWorkFactory(db: Kysely<Database>, clock: Clock, onOutboxWritten: () => void): UnitOfWorkFactory {
  return {
    async run(fn, existing, requestId = null) {
      if (existing) return fn(existing);
      let written = 0;
      const result = await db.transaction().execute(async (trx) => {
        const uow = new UnitOfWork(trx, clock, requestId);
        const value = await fn(uow);
        written = await uow.flush();
        return value;
      });
      if (written > 0) onOutboxWritten();
      return result;
    },
  };
}
