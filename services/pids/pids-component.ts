/**
 * The PID context's part in a record's life (a RecordComponent): mints the version's DOI and, on
 * a concept's first publish, the concept DOI on the parent — inside the publish transaction — and
 * turns every change of a published record into registration work for the outbox, so publishing
 * never waits for (or fails because of) the registration agency.
 */
import type { RecordComponent, RecordEvent, PublishContext } from '../records/components.js';
import type { RecordsService } from '../records/service.js';
import type { Pids } from '../records/tables.js';
import type { UnitOfWork } from '../platform/uow.js';
import type { PidProvider } from './pid-provider.js';

/** Outbox topic: bring a DOI at the registration agency in line with its record, draft or parent. */
export const REGISTER_TOPIC = 'pids.register';

export interface PidsComponentConfig {
  readonly provider: PidProvider;
  /** The records service, which is built with its components (hence a function). */
  readonly records: () => RecordsService;
}

export class PidsComponent implements RecordComponent {
  readonly name = 'pids';
  readonly #c: PidsComponentConfig;
  // One registration per target and unit of work, however many events it sees.
  readonly #scheduled = new WeakMap<UnitOfWork, Set<string>>();

  constructor(config: PidsComponentConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /** Keeps the DOI a record already has (or its draft reserved); mints one otherwise; mints the concept DOI once. */
  async beforePublish(uow: UnitOfWork, { draft, parent, previous }: PublishContext): Promise<Pids> {
    const { provider } = this.#c;
    const existing = previous?.pids.doi ?? draft.pids.doi;
    let doi = existing ?? provider.mint(draft.id, 'publish');
    // A reserved DOI gets published: it is waiting for registration (or, locally, registered now).
    if (existing?.status === 'reserved' && existing.provider === provider.name) doi = { ...existing, status: provider.mint(draft.id, 'publish').status };
    if (!parent.pids?.doi) {
      const pids = { ...parent.pids, doi: provider.mint(parent.id, 'publish') };
      await this.#c.records().setParentPids(uow, parent.id, pids);
      // The publish result shows the parent as it is now.
      parent.pids = pids;
    }
    return { doi };
  }

  /** Schedules registration of every change to a published record, and of its concept DOI. */
  async onEvent(uow: UnitOfWork, event: RecordEvent): Promise<void> {
    if (!this.#c.provider.register) return;
    if (event.type !== 'record.published' && event.type !== 'record.updated' && event.type !== 'record.deleted') return;
    this.schedule(uow, 'record', event.id);
    this.schedule(uow, 'parent', event.parentId);
  }

  /** Registers outbox work for a target once per unit of work. */
  schedule(uow: UnitOfWork, kind: 'record' | 'draft' | 'parent', id: string): void {
    let seen = this.#scheduled.get(uow);
    if (!seen) this.#scheduled.set(uow, (seen = new Set()));
    if (seen.has(`${kind}:${id}`)) return;
    seen.add(`${kind}:${id}`);
    uow.register({ topic: REGISTER_TOPIC, payload: { kind, id } });
  }
}
