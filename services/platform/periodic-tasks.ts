/**
 * Runs a few housekeeping tasks on their own intervals (lifting embargoes, warning of
 * expiring tokens). Each round of a task is awaited before the next is scheduled, so a
 * slow round never overlaps itself; a failure is logged and the task runs again later.
 * State lives in the database, so a restart simply carries on.
 */
import type { Logger } from 'pino';

export interface PeriodicTask {
  readonly name: string;
  readonly intervalMs: number;
  run(): Promise<unknown>;
}

export class PeriodicTasks {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Set<Promise<unknown>>();
  #stopped = true;

  constructor(private readonly config: { readonly log: Logger; readonly tasks: readonly PeriodicTask[] }) {}

  start(): void {
    this.#stopped = false;
    for (const task of this.config.tasks) this.#tick(task);
  }

  #tick(task: PeriodicTask): void {
    if (this.#stopped) return;
    const round = task
      .run()
      .catch((err: unknown) => this.config.log.error({ err, task: task.name }, 'periodic task failed; will run again'))
      .finally(() => {
        this.#running.delete(round);
        if (!this.#stopped) this.#timers.set(task.name, setTimeout(() => this.#tick(task), task.intervalMs));
      });
    this.#running.add(round);
  }

  /** Runs every task once, now (tests, and start-up catch-up). */
  async runAll(): Promise<void> {
    for (const task of this.config.tasks) await task.run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    await Promise.all([...this.#running]);
  }
}
