/**
 * The search context's part in a record's life: every change of a draft or record
 * (created, updated, published, deleted, files changed, access changed) registers an
 * index task in the same unit of work, so the task exists exactly when the change
 * committed. The indexer (an outbox handler) applies it after commit.
 */
import type { RecordComponent, RecordEvent } from '../records/components.js';
import type { UnitOfWork } from '../platform/uow.js';

/** Outbox topic of index tasks; payload `{ id, event }`. */
export const SEARCH_INDEX_TOPIC = 'search.index';

export class SearchComponent implements RecordComponent {
  readonly name = 'search';

  /** Registers an index task for the changed id. Never throws. */
  async onEvent(uow: UnitOfWork, event: RecordEvent): Promise<void> {
    uow.register({ topic: SEARCH_INDEX_TOPIC, payload: { id: event.id, event: event.type } });
  }
}
