/**
 * PidsService: reserving DOIs for drafts, resolving DOIs to landing pages, and the outbox job that
 * keeps a DOI at the registration agency in line with its record: findable while the record is
 * public, registered (with `:unav` placeholders for the metadata) while it is restricted, hidden
 * when it becomes a tombstone. Each run reads the current state, so retries and reordering converge.
 */
import { SYSTEM } from '../access/service.js';
import type { Identity } from '../access/identity.js';
import type { ExportView } from '../exports/export-view.js';
import type { ExportsService } from '../exports/service.js';
import { dataCiteAttributes } from '../exports/serializers/datacite-json.js';
import type { OutboxHandler } from '../platform/outbox-worker.js';
import type { PidHolder, PidTarget, RecordResult, RecordsService, WriteOptions } from '../records/service.js';
import { DoiNotFoundError } from './errors.js';
import type { PidProvider, RegistrationRequest } from './pid-provider.js';
import { REGISTER_TOPIC, type PidsComponent } from './pids-component.js';

export interface PidsServiceConfig {
  readonly provider: PidProvider;
  readonly component: PidsComponent;
  readonly records: RecordsService;
  readonly exports: ExportsService;
  /** Absolute base URL of landing pages. */
  readonly baseUrl: string;
}

/** Where a DOI resolves. */
export interface Resolution {
  doi: string;
  /** The landing page (`${BASE_URL}/records/{id}`). */
  url: string;
  recordId: string;
  /** True for a concept DOI (resolving to the latest version). */
  concept: boolean;
}

export class PidsService {
  readonly #c: PidsServiceConfig;
  constructor(config: PidsServiceConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /**
   * Reserves the draft's DOI (the one it will be published under), idempotently; a remote provider
   * registers it as a draft DOI through the outbox. Throws DraftNotFoundError, 401/403, 412.
   */
  async reserveDoi(identity: Identity, id: string, opts: WriteOptions = {}): Promise<{ result: RecordResult; created: boolean }> {
    let created = false;
    const result = await this.#c.records.reserveDraftPids(
      identity,
      id,
      (draft, uow) => {
        if (draft.pids.doi) return undefined;
        created = true;
        if (this.#c.provider.register) this.#c.component.schedule(uow, 'draft', draft.id);
        return { doi: this.#c.provider.mint(draft.id, 'reserve') };
      },
      opts,
    );
    return { result, created };
  }

  /** The landing page a DOI resolves to: a version's own, or a concept's latest version. Throws DoiNotFoundError (404). */
  async resolve(doi: string): Promise<Resolution> {
    const found = await this.#c.records.resolvePid('doi', doi);
    if (found && 'recordId' in found) return { doi, url: this.#landing(found.recordId), recordId: found.recordId, concept: false };
    if (found?.latestId) return { doi, url: this.#landing(found.latestId), recordId: found.latestId, concept: true };
    throw new DoiNotFoundError(`No published record has the DOI ${doi}.`);
  }

  /**
   * The outbox job: creates, updates, publishes, registers or hides the DOI of a record, draft or
   * parent at the registration agency, then stores the state it reports. Throws when the agency
   * fails (the outbox retries with backoff); does nothing for local DOIs or vanished targets.
   */
  async register(target: PidTarget): Promise<void> {
    const { provider, records } = this.#c;
    if (!provider.register) return;
    const holder = await records.pidsOf(target);
    const pid = holder?.pids.doi;
    if (!holder || !pid || pid.provider !== provider.name) return;
    const known = pid.status !== 'pending';
    const request = await this.#request(target, holder, pid.identifier, pid.status);
    if (!request) return;
    const state = await provider.register(pid.identifier, request, known);
    await records.setPidStatus(target, 'doi', pid.identifier, state === 'draft' ? 'reserved' : state);
  }

  /** The outbox handlers of this context, by topic. */
  outboxHandlers(): Record<string, OutboxHandler> {
    return {
      [REGISTER_TOPIC]: async (payload) => {
        const kind = payload.kind;
        if ((kind === 'record' || kind === 'draft' || kind === 'parent') && typeof payload.id === 'string') await this.register({ kind, id: payload.id });
      },
    };
  }

  /** What to send, or nothing when the agency already agrees. */
  async #request(target: PidTarget, holder: PidHolder, doi: string, status: string | undefined): Promise<RegistrationRequest | undefined> {
    if (target.kind === 'draft') return status === 'pending' ? {} : undefined;
    if (holder.deleted) {
      // A tombstone's DOI keeps resolving (to the page that says why) but leaves DataCite's search.
      return status === 'findable' ? { event: 'hide' } : undefined;
    }
    const recordId = target.kind === 'parent' ? holder.latestId! : target.id;
    const view = await this.#c.exports.view(SYSTEM, recordId);
    const attributes = target.kind === 'parent' ? conceptAttributes(view, doi) : registrationAttributes(view);
    if (holder.restricted) {
      return { url: view.url, attributes: withheld(attributes), ...(status === 'findable' ? { event: 'hide' as const } : status === 'registered' ? {} : { event: 'register' as const }) };
    }
    return { url: view.url, attributes, ...(status === 'findable' ? {} : { event: 'publish' as const }) };
  }

  #landing(id: string): string {
    return `${this.#c.baseUrl}/records/${encodeURIComponent(id)}`;
  }
}

/** The DataCite JSON export as REST API attributes to send (JSON:API keeps the `id` out of them). */
function registrationAttributes(view: ExportView): Record<string, unknown> {
  const { id: _id, ...attributes } = dataCiteAttributes(view);
  return attributes;
}

/** The concept DOI's metadata: the latest version's, naming the concept DOI, which `HasVersion` that version. */
function conceptAttributes(latest: ExportView, conceptDoi: string): Record<string, unknown> {
  const { conceptDoi: _concept, ...rest } = latest;
  const attributes = registrationAttributes({ ...rest, doi: conceptDoi });
  const related = Array.isArray(attributes.relatedIdentifiers) ? attributes.relatedIdentifiers : [];
  if (latest.doi) attributes.relatedIdentifiers = [...related, { relatedIdentifier: latest.doi, relatedIdentifierType: 'DOI', relationType: 'HasVersion' }];
  return attributes;
}

/**
 * A restricted record's DOI resolves but tells nothing: DataCite's standard value `:unav`
 * (unavailable) for creators and titles, and only the mandatory properties.
 */
function withheld(attributes: Record<string, unknown>): Record<string, unknown> {
  const { doi, prefix, suffix, publisher, publicationYear, types, schemaVersion } = attributes;
  const general = (types as { resourceTypeGeneral?: unknown } | undefined)?.resourceTypeGeneral;
  return { doi, prefix, suffix, creators: [{ name: ':unav' }], titles: [{ title: ':unav' }], publisher, publicationYear, types: { resourceTypeGeneral: general ?? 'Other' }, schemaVersion };
}
