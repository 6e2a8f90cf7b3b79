import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { OutboxWorker, type OutboxHandler } from './outbox-worker.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './testing/test-db.js';
import { unitOfWorkFactory } from './uow.js';

let database: TestDatabase;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.destroy());

async function pending() {
  return database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

describe('unit of work + outbox worker', () => {
  it('writes outbox rows only when the transaction commits', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    let wakes = 0;
    const uow = unitOfWorkFactory(database.db, clock, () => wakes++);
    await expect(
      uow.run(async (u) => {
        u.register({ topic: 'test.note', payload: { n: 0 } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await pending()).toHaveLength(0);
    await uow.run(async (u) => u.register({ topic: 'test.note', payload: { n: 1 } }));
    expect(wakes).toBe(1);
    const rows = await pending();
    expect(rows.map((r) => [r.topic, r.payload])).toEqual([['test.note', { n: 1 }]]);
    await database.db.deleteFrom('outbox').execute();
  });

  it('runs handlers in order, retries failures with capped exponential backoff, and deletes done rows', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    const seen: number[] = [];
    let failuresLeft = 2;
    const handler: OutboxHandler = async (payload) => {
      const n = payload.n as number;
      if (n === 2 && failuresLeft-- > 0) throw new Error('remote down');
      seen.push(n);
    };
    const uow = unitOfWorkFactory(database.db, clock, () => {});
    for (const n of [1, 2, 3]) await uow.run(async (u) => u.register({ topic: 'test.work', payload: { n } }));
    const worker = new OutboxWorker({ db: database.db, clock, log, handlers: { 'test.work': handler } });

    expect(await worker.drain()).toBe(3);
    expect(seen).toEqual([1, 3]);
    let [row] = await pending();
    expect(row).toMatchObject({ attempts: 1, last_error: 'remote down', locked_until: null });
    expect(row!.run_at.getTime() - clock.now().getTime()).toBe(2000);

    // Not due yet: nothing runs.
    expect(await worker.drain()).toBe(0);
    clock.advance(2000);
    expect(await worker.drain()).toBe(1);
    [row] = await pending();
    expect(row).toMatchObject({ attempts: 2 });
    expect(row!.run_at.getTime() - clock.now().getTime()).toBe(4000);

    clock.advance(4000);
    expect(await worker.drain()).toBe(1);
    expect(seen).toEqual([1, 3, 2]);
    expect(await pending()).toHaveLength(0);
  });

  it('keeps a row whose topic has no handler, with the reason', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    const uow = unitOfWorkFactory(database.db, clock, () => {});
    await uow.run(async (u) => u.register({ topic: 'test.unknown', payload: {} }));
    const worker = new OutboxWorker({ db: database.db, clock, log, handlers: {} });
    await worker.drain();
    const [row] = await pending();
    expect(row!.last_error).toBe('no handler for outbox topic test.unknown');
    await database.db.deleteFrom('outbox').execute();
  });

  it.skipIf(!testDatabaseUrl())('never runs one row twice when two workers drain at once (SKIP LOCKED, PostgreSQL)', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    const uow = unitOfWorkFactory(database.db, clock, () => {});
    for (let n = 0; n < 40; n++) await uow.run(async (u) => u.register({ topic: 'test.count', payload: { n } }));
    const runs: number[] = [];
    const handler: OutboxHandler = async (p) => {
      runs.push(p.n as number);
      await new Promise((r) => setTimeout(r, 2));
    };
    const a = new OutboxWorker({ db: database.db, clock, log, handlers: { 'test.count': handler }, batchSize: 5 });
    const b = new OutboxWorker({ db: database.db, clock, log, handlers: { 'test.count': handler }, batchSize: 5 });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra + rb).toBe(40);
    expect(new Set(runs).size).toBe(40);
    expect(runs).toHaveLength(40);
  });
});
