/**
 * Drafts, publishing, edits and versions of records (InvenioRDM's record + draft
 * services in one). Every method follows one recipe: load, check the revision,
 * require permission, validate, write through the repo in a unit of work (with its
 * audit entries and outbox operations), and return a result the routes serialize.
 */
import type { Kysely } from 'kysely';
import type { Identity } from '../access/identity.js';
import { readFilter, type PermissionPolicy, type Action } from '../access/policy.js';
import type { GrantPermission } from '../access/tables.js';
import type { FilesService } from '../files/service.js';
import { auditRepo, type AuditPage } from '../platform/audit.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Executor } from '../platform/db/database.js';
import { BadRequestError, ConflictError, ForbiddenError, UnauthenticatedError, ValidationError, type FieldError } from '../platform/errors.js';
import { newRecordId } from '../platform/ids.js';
import type { UnitOfWork, UnitOfWorkFactory } from '../platform/uow.js';
import type { MetadataValidator } from '../platform/validation.js';
import type { RecordComponent, RecordEvent } from './components.js';
import { fileFindings, isMetadataSource, metadataFindings, replaceFindings } from './personal-data-scan.js';
import { DEFAULT_ACCESS } from './config.js';
import { DraftNotFoundError, PublishValidationError, RecordDeletedError, RecordNotFoundError } from './errors.js';
import { recordsRepo, type PublishedFilter, type RecordLikeValues } from './repo.js';
import { checkRevision } from './revision.js';
import type { Classification, DraftRow, Metadata, ParentRow, PersonalDataFinding, Pids, RecordAccess, RecordRow } from './tables.js';

export interface RecordsServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly clock: Clock;
  readonly files: FilesService;
  readonly validator: MetadataValidator;
  readonly policy: PermissionPolicy;
  /** Resolves grants and secret links (the access context); absent means no grants exist. */
  readonly grants?: { permissionOn(identity: Identity, parentId: string, db?: Executor): Promise<GrantPermission | null> };
  /** Longest embargo, in years. */
  readonly embargoMaxYears?: number;
  /** Other contexts' parts in a record's life (DOIs, search index), in order. */
  readonly components?: readonly RecordComponent[];
}

export interface DraftInput {
  metadata?: Metadata;
  access?: Partial<Omit<RecordAccess, 'embargo'>> & { embargo?: Partial<RecordAccess['embargo']> };
  files?: { enabled?: boolean };
  profile?: string | null;
  /** Data classification; omitted on an update keeps the draft's (never silently downgraded). */
  classification?: Classification;
}

export interface FilesSummary {
  enabled: boolean;
  count: number;
  total_bytes: number;
  pending: string[];
}

/** What a service call returns about one draft or published record; `serializeRecord` renders it. */
export interface RecordResult {
  row: DraftRow | RecordRow;
  isDraft: boolean;
  /** A published record exists under this id (for a draft: it edits that record). */
  isPublished: boolean;
  parent: ParentRow;
  files: FilesSummary;
  /** Index of the newest published version of the parent (0 when none). */
  latestIndex: number;
  /** Validation problems of a draft (empty when it may be published). */
  errors: FieldError[];
}

export interface WriteOptions {
  uow?: UnitOfWork;
  /** The revision the caller last saw (If-Match). */
  revisionId?: number;
}

/** The current state of one id, as the search indexer needs it (see `indexSnapshot`). */
export interface IndexSnapshot {
  readonly id: string;
  /** The open draft under this id, with its files' keys. */
  readonly draft: (RecordResult & { fileKeys: string[] }) | null;
  /** The live published record under this id (null when never published or deleted), with its files' keys. */
  readonly record: (RecordResult & { fileKeys: string[] }) | null;
  /** The live published versions of its concept, newest first (empty when the id is gone). */
  readonly versions: Array<{ id: string; index: number }>;
}

type Row = DraftRow | RecordRow;

export class RecordsService {
  readonly #c: RecordsServiceConfig;
  constructor(config: RecordsServiceConfig) {
    this.#c = Object.freeze({ ...config });
  }

  // ---- permission ------------------------------------------------------------------

  /** Throws 401 for anonymous callers and 403 for users when `action` is not allowed. */
  /** Pass `db` (the transaction) when called inside a unit of work: PGlite has one connection. */
  async #require(identity: Identity, action: Action, parent?: ParentRow, row?: Row, published = false, db: Executor = this.#c.db): Promise<void> {
    const subject = parent && row ? { ownerId: parent.owner_id, access: row.access, published, granted: await this.#granted(identity, parent, db) } : undefined;
    if (this.#c.policy.can(identity, action, subject)) return;
    if (identity.kind === 'anonymous') throw new UnauthenticatedError('Sign in or send a bearer token to do this.');
    throw new ForbiddenError(`You may not ${describeAction(action)}.`);
  }

  /** What the caller holds on the parent through grants and secret links. */
  async #granted(identity: Identity, parent: ParentRow, db: Executor = this.#c.db): Promise<GrantPermission | null> {
    if (!this.#c.grants) return null;
    // Owners, curators and admins never need a grant: skip the query for them.
    if (identity.kind === 'user' && (identity.id === parent.owner_id || identity.role !== 'depositor')) return null;
    if (identity.kind === 'anonymous' && !identity.links?.length) return null;
    return this.#c.grants.permissionOn(identity, parent.id, db);
  }

  // ---- drafts --------------------------------------------------------------------

  /** Creates a new record's draft (and its parent). Throws 401/403. Never rejects incomplete metadata. */
  async createDraft(identity: Identity, input: DraftInput, opts: WriteOptions = {}): Promise<RecordResult> {
    await this.#require(identity, 'create');
    const ownerId = identity.kind === 'user' ? identity.id : '';
    return this.#c.uow.run(async (uow) => {
      const now = this.#c.clock.now();
      const parentId = await this.#freshId(uow.trx);
      const id = await this.#freshId(uow.trx, parentId);
      const parent: ParentRow = { id: parentId, owner_id: ownerId, pids: {}, created_at: now, updated_at: now };
      await recordsRepo.insertParent(uow.trx, parent);
      const bucketId = await this.#c.files.createBucket(uow);
      const draft = await recordsRepo.insertDraft(uow.trx, {
        personal_data: metadataFindings((input.metadata ?? {}) as Metadata),
        id,
        parent_id: parentId,
        version_index: 1,
        revision_id: 1,
        ...this.#applyInput(input, { metadata: {}, access: DEFAULT_ACCESS, files_enabled: true, profile: null, classification: 'public' }),
        bucket_id: bucketId,
        pids: {},
        created_at: now,
        updated_at: now,
      });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.create', subjectType: 'record', subjectId: id, after: snapshot(draft) });
      await this.#emit(uow, { type: 'draft.created', id, parentId });
      return this.#result(uow.trx, draft, parent, true);
    }, opts.uow);
  }

  /** Reads a draft. Throws DraftNotFoundError, 401/403. */
  async readDraft(identity: Identity, id: string): Promise<RecordResult> {
    const { draft, parent } = await this.#loadDraft(this.#c.db, id);
    await this.#require(identity, 'readDraft', parent, draft);
    return this.#result(this.#c.db, draft, parent, true);
  }

  /** Replaces a draft's metadata/access/files/profile (a PUT). Saves even when invalid; the result lists the errors. */
  async updateDraft(identity: Identity, id: string, input: DraftInput, opts: WriteOptions = {}): Promise<RecordResult> {
    return this.#c.uow.run(async (uow) => {
      const { draft, parent } = await this.#loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      await this.#require(identity, 'updateDraft', parent, draft, false, uow.trx);
      const values = this.#applyInput(input, { metadata: {}, access: DEFAULT_ACCESS, files_enabled: draft.files_enabled, profile: null, classification: draft.classification });
      const updated = await recordsRepo.updateDraft(uow.trx, id, {
        ...values,
        personal_data: replaceFindings(draft.personal_data, isMetadataSource, metadataFindings(values.metadata)),
        pids: draft.pids,
        revision_id: draft.revision_id + 1,
        updated_at: this.#c.clock.now(),
      });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.update', subjectType: 'record', subjectId: id, before: snapshot(draft), after: snapshot(updated) });
      await this.#emit(uow, { type: 'draft.updated', id, parentId: parent.id });
      return this.#result(uow.trx, updated, parent, true);
    }, opts.uow);
  }

  /**
   * Deletes a draft. A new record's draft takes its parent and files with it; a
   * new-version draft its files; an edit draft only discards the edit.
   */
  async deleteDraft(identity: Identity, id: string, opts: WriteOptions = {}): Promise<void> {
    await this.#c.uow.run(async (uow) => {
      const { draft, parent } = await this.#loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      await this.#require(identity, 'deleteDraft', parent, draft, false, uow.trx);
      const editsPublished = await recordsRepo.recordExists(uow.trx, id);
      await recordsRepo.deleteDraft(uow.trx, id);
      if (!editsPublished) await this.#c.files.deleteBucket(uow, draft.bucket_id);
      if (!editsPublished && draft.version_index === 1) await recordsRepo.deleteParent(uow.trx, parent.id);
      await uow.audit({ actorId: actorOf(identity), action: 'draft.delete', subjectType: 'record', subjectId: id, before: snapshot(draft) });
      await this.#emit(uow, { type: 'draft.deleted', id, parentId: parent.id });
    }, opts.uow);
  }

  /**
   * Publishes a draft: a new record (version) or a new revision of a published one.
   * Throws PublishValidationError (400, every problem as a pointer), 401/403/404/412.
   */
  async publish(identity: Identity, id: string, opts: WriteOptions = {}): Promise<RecordResult> {
    return this.#c.uow.run(async (uow) => {
      const { draft } = await this.#loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      // Lock the parent: publishes and new versions of one concept take turns.
      const parent = (await recordsRepo.findParent(uow.trx, draft.parent_id, { forUpdate: true }))!;
      await this.#require(identity, 'publish', parent, draft, false, uow.trx);
      const previous = await recordsRepo.findRecord(uow.trx, id, { forUpdate: true });
      const files = await this.#filesSummary(uow.trx, draft);
      const errors = [...this.#validate(draft), ...publishFileErrors(files)];
      if (errors.length > 0) throw new PublishValidationError(`The draft has ${errors.length} problem(s); fix them and publish again.`, { errors });
      let pids = { ...draft.pids };
      for (const component of this.#c.components ?? []) {
        const added = await component.beforePublish?.(uow, { draft, parent, previous });
        if (added) pids = { ...pids, ...added };
      }
      const now = this.#c.clock.now();
      const values = { metadata: draft.metadata, access: draft.access, files_enabled: draft.files_enabled, profile: draft.profile, classification: draft.classification, pids, updated_at: now };
      let record: RecordRow;
      if (previous) {
        record = await recordsRepo.updateRecord(uow.trx, id, { ...values, revision_id: previous.revision_id + 1 });
      } else {
        await this.#c.files.lockBucket(uow, draft.bucket_id);
        record = await recordsRepo.insertRecord(uow.trx, {
          ...values,
          id,
          parent_id: draft.parent_id,
          version_index: draft.version_index,
          revision_id: 1,
          bucket_id: draft.bucket_id,
          created_at: now,
          publication_date: now,
        });
      }
      await recordsRepo.deleteDraft(uow.trx, id);
      await uow.audit({
        actorId: actorOf(identity),
        action: previous ? 'record.update' : 'record.publish',
        subjectType: 'record',
        subjectId: id,
        before: previous ? snapshot(previous) : null,
        after: snapshot(record),
      });
      await this.#emit(uow, { type: previous ? 'record.updated' : 'record.published', id, parentId: parent.id });
      return this.#result(uow.trx, record, parent, false);
    }, opts.uow);
  }

  /** Opens (or returns the open) edit draft of a published record. Throws RecordNotFoundError, 401/403. */
  async edit(identity: Identity, id: string, opts: WriteOptions = {}): Promise<{ result: RecordResult; created: boolean }> {
    return this.#c.uow.run(async (uow) => {
      const record = await this.#findLiveRecord(uow.trx, id, true);
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id))!;
      await this.#require(identity, 'edit', parent, record, true, uow.trx);
      const existing = await recordsRepo.findDraft(uow.trx, id);
      if (existing) return { result: await this.#result(uow.trx, existing, parent, true), created: false };
      const now = this.#c.clock.now();
      const draft = await recordsRepo.insertDraft(uow.trx, { ...copyOf(record), revision_id: 1, created_at: now, updated_at: now });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.edit', subjectType: 'record', subjectId: id, after: snapshot(draft) });
      await this.#emit(uow, { type: 'draft.created', id, parentId: parent.id });
      return { result: await this.#result(uow.trx, draft, parent, true), created: true };
    }, opts.uow);
  }

  /**
   * Creates the next version's draft of the record's concept, or returns the one
   * already open (as InvenioRDM does), so concurrent calls never make two.
   */
  async newVersion(identity: Identity, id: string, opts: WriteOptions = {}): Promise<{ result: RecordResult; created: boolean }> {
    return this.#c.uow.run(async (uow) => {
      const record = await this.#findLiveRecord(uow.trx, id);
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id, { forUpdate: true }))!;
      await this.#require(identity, 'newVersion', parent, record, true, uow.trx);
      const open = await recordsRepo.findNewVersionDraft(uow.trx, parent.id);
      if (open) return { result: await this.#result(uow.trx, open, parent, true), created: false };
      const latest = (await recordsRepo.listVersions(uow.trx, parent.id)).find((r) => !r.deleted_at)!;
      const now = this.#c.clock.now();
      const draftId = await this.#freshId(uow.trx);
      const draft = await recordsRepo.insertDraft(uow.trx, {
        ...copyOf(latest),
        id: draftId,
        version_index: (await recordsRepo.maxVersionIndex(uow.trx, parent.id)) + 1,
        revision_id: 1,
        bucket_id: await this.#c.files.createBucket(uow),
        // Each version gets its own DOI; files start empty (import them with files-import).
        pids: {},
        created_at: now,
        updated_at: now,
      });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.new_version', subjectType: 'record', subjectId: draftId, after: { ...snapshot(draft), from: latest.id } });
      await this.#emit(uow, { type: 'draft.created', id: draftId, parentId: parent.id });
      return { result: await this.#result(uow.trx, draft, parent, true), created: true };
    }, opts.uow);
  }

  /** Copies the previous version's files into a new-version draft (no bytes copied). */
  async importFiles(identity: Identity, id: string, opts: WriteOptions = {}): Promise<RecordResult> {
    return this.#c.uow.run(async (uow) => {
      const { draft, parent } = await this.#loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      await this.#require(identity, 'updateDraft', parent, draft, false, uow.trx);
      const previous = (await recordsRepo.listVersions(uow.trx, parent.id)).find((r) => r.version_index < draft.version_index);
      if (!previous || (await recordsRepo.recordExists(uow.trx, id))) {
        throw new PublishValidationError('Files can only be imported into a new version of a published record.');
      }
      await this.#c.files.importFiles(uow, previous.bucket_id, draft.bucket_id);
      await uow.audit({ actorId: actorOf(identity), action: 'files.import', subjectType: 'record', subjectId: id, after: { from: previous.id } });
      await this.#emit(uow, { type: 'files.changed', id, parentId: parent.id });
      return this.#result(uow.trx, draft, parent, true);
    }, opts.uow);
  }

  // ---- published records -----------------------------------------------------------

  /** Reads a published record. Throws RecordNotFoundError, 401/403. */
  async read(identity: Identity, id: string): Promise<RecordResult> {
    const record = await this.#findLiveRecord(this.#c.db, id);
    const parent = (await recordsRepo.findParent(this.#c.db, record.parent_id))!;
    await this.#require(identity, 'read', parent, record, true);
    return this.#result(this.#c.db, record, parent, false);
  }

  /** Published versions of the record's concept that the caller may see, newest first. */
  async listVersions(identity: Identity, id: string, page: { page: number; size: number }): Promise<{ hits: RecordResult[]; total: number }> {
    const anchor = await this.read(identity, id);
    const all = (await recordsRepo.listVersions(this.#c.db, anchor.parent.id)).filter((r) => !r.deleted_at);
    const granted = await this.#granted(identity, anchor.parent);
    const visible = all.filter((r) => this.#c.policy.can(identity, 'read', { ownerId: anchor.parent.owner_id, access: r.access, published: true, granted }));
    const slice = visible.slice((page.page - 1) * page.size, page.page * page.size);
    const hits = await Promise.all(slice.map((r) => this.#result(this.#c.db, r, anchor.parent, false, anchor.latestIndex)));
    return { hits, total: visible.length };
  }

  /** The id of the newest published version the caller may see. Throws like `read`. */
  async latestVersionId(identity: Identity, id: string): Promise<string> {
    const { hits } = await this.listVersions(identity, id, { page: 1, size: 1 });
    if (!hits[0]) throw new RecordNotFoundError(`No visible version of ${id}.`);
    return hits[0].row.id;
  }

  /** The caller's drafts and records ("my uploads"). Throws 401 for anonymous callers. */
  async listOwned(identity: Identity, page: { page: number; size: number }): Promise<{ hits: RecordResult[]; total: number }> {
    if (identity.kind !== 'user') throw new UnauthenticatedError('Sign in to list your records.');
    const { ids, total } = await recordsRepo.listOwned(this.#c.db, identity.id, (page.page - 1) * page.size, page.size);
    const hits = await Promise.all(
      ids.map(async ({ id, is_draft }) => {
        const row = is_draft ? await recordsRepo.findDraft(this.#c.db, id) : await recordsRepo.findRecord(this.#c.db, id);
        const parent = (await recordsRepo.findParent(this.#c.db, row!.parent_id))!;
        return this.#result(this.#c.db, row!, parent, is_draft);
      }),
    );
    return { hits, total };
  }

  /** Loads a draft whose files the caller may read or change. Throws DraftNotFoundError, 401/403. */
  async draftForFiles(identity: Identity, id: string, action: 'readDraft' | 'updateDraft'): Promise<{ draft: DraftRow; parent: ParentRow }> {
    const loaded = await this.#loadDraft(this.#c.db, id);
    await this.#require(identity, action, loaded.parent, loaded.draft);
    return loaded;
  }

  /** Loads a published record whose files the caller may read. Throws 404/401/403. */
  async recordForFiles(identity: Identity, id: string): Promise<{ record: RecordRow; parent: ParentRow }> {
    const record = await this.#findLiveRecord(this.#c.db, id);
    const parent = (await recordsRepo.findParent(this.#c.db, record.parent_id))!;
    await this.#require(identity, 'read', parent, record, true);
    await this.#require(identity, 'readFiles', parent, record, true);
    return { record, parent };
  }

  /** The audit trail of a record or draft, oldest first, keyset-paged. Throws 404/401/403. */
  async audit(identity: Identity, id: string, page: { after?: number; size: number }): Promise<AuditPage> {
    const draft = await recordsRepo.findDraft(this.#c.db, id);
    const row = draft ?? (await recordsRepo.findRecord(this.#c.db, id));
    if (!row) throw new RecordNotFoundError(`No record or draft ${id}.`);
    const parent = (await recordsRepo.findParent(this.#c.db, row.parent_id))!;
    await this.#require(identity, 'readAudit', parent, row);
    return auditRepo.list(this.#c.db, 'record', [id], page.after, page.size);
  }

  /**
   * Deletes a published record, leaving a tombstone: the record answers 410 with the reason and
   * its citation, and leaves version listings; its files stay stored. Throws 404/410/401/403.
   */
  async deleteRecord(identity: Identity, id: string, input: { reason: string }, opts: WriteOptions = {}): Promise<void> {
    await this.#c.uow.run(async (uow) => {
      const record = await this.#findLiveRecord(uow.trx, id, true);
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id, { forUpdate: true }))!;
      checkRevision(opts.revisionId, record.revision_id);
      await this.#require(identity, 'deleteRecord', parent, record, true, uow.trx);
      const now = this.#c.clock.now();
      await recordsRepo.markDeleted(uow.trx, id, { deleted_at: now, deletion_reason: input.reason, deleted_by: actorOf(identity), updated_at: now });
      await uow.audit({ actorId: actorOf(identity), action: 'record.delete', subjectType: 'record', subjectId: id, before: snapshot(record), after: { reason: input.reason } });
      await this.#emit(uow, { type: 'record.deleted', id, parentId: parent.id });
    }, opts.uow);
  }

  /**
   * Published records whose metadata `identity` may read (the policy's `readFilter`), deleted
   * ones included as tombstones when `includeDeleted`, oldest change first: ordered by
   * (updated_at, id) and keyset-paged — pass the last entry's `position` as `after`. The
   * datestamp is `updated_at`, which publishing, editing and deleting all move. For OAI-PMH
   * and the sitemap. Throws BadRequestError for a malformed `after`; otherwise never throws.
   */
  async listPublishedSince(identity: Identity, query: PublishedQuery & { after?: string; limit: number }): Promise<PublishedEntry[]> {
    if (query.after !== undefined && !POSITION.test(query.after)) throw new BadRequestError('Malformed paging position.');
    const rows = await recordsRepo.listPublished(this.#c.db, { ...publishedFilter(identity, query), ...(query.after ? { after: query.after } : {}), limit: query.limit });
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, updatedAt: r.updated_at, deleted: r.deleted_at !== null, resourceType: r.resource_type, position: r.position }));
  }

  /** How many entries `listPublishedSince` returns over all its pages. Never throws. */
  async countPublishedSince(identity: Identity, query: PublishedQuery): Promise<number> {
    return recordsRepo.countPublished(this.#c.db, publishedFilter(identity, query));
  }

  /** The `after` positions that start pages 2, 3, … of `listPublishedSince` with `pageSize` entries a page. Never throws. */
  async publishedPageStarts(identity: Identity, query: PublishedQuery, pageSize: number): Promise<string[]> {
    return recordsRepo.publishedPagePositions(this.#c.db, publishedFilter(identity, query), pageSize);
  }

  /**
   * For the access context: resolves a record (or draft) id to its parent after checking
   * `action` on it. Throws RecordNotFoundError, RecordDeletedError, 401/403.
   */
  async target(identity: Identity, id: string, action: 'manageAccess' | 'read'): Promise<{ parentId: string; ownerId: string }> {
    const draft = await recordsRepo.findDraft(this.#c.db, id);
    const row = draft ?? (await this.#findLiveRecord(this.#c.db, id));
    const parent = (await recordsRepo.findParent(this.#c.db, row.parent_id))!;
    await this.#require(identity, action, parent, row, !draft);
    return { parentId: parent.id, ownerId: parent.owner_id };
  }

  /** Tells the components that who may read a parent's versions changed (grants, links). */
  async accessChanged(uow: UnitOfWork, parentId: string): Promise<void> {
    for (const r of await recordsRepo.listVersions(uow.trx, parentId)) await this.#emit(uow, { type: 'record.updated', id: r.id, parentId });
    const draft = await recordsRepo.findNewVersionDraft(uow.trx, parentId);
    if (draft) await this.#emit(uow, { type: 'draft.updated', id: draft.id, parentId });
  }

  /** Published records whose embargo ends at or before `now` (for the embargo lifter). */
  async embargoesDue(now: Date, limit = 100): Promise<Array<{ id: string; until: string }>> {
    return recordsRepo.embargoesDue(this.#c.db, now, limit);
  }

  /** Published records whose embargo ends within `days` (for the curator queue). */
  async embargoesEndingWithin(identity: Identity, days: number): Promise<Array<{ id: string; until: string; title: string | undefined }>> {
    if (!this.#c.policy.can(identity, 'review')) throw new ForbiddenError('Only curators see the embargo queue.');
    const now = this.#c.clock.now();
    const rows = await recordsRepo.embargoesDue(this.#c.db, new Date(now.getTime() + days * 86_400_000), 500);
    return Promise.all(
      rows.map(async (r) => {
        const rec = await recordsRepo.findRecord(this.#c.db, r.id);
        const titles = (rec?.metadata as { titles?: Array<{ title?: string }> }).titles;
        return { ...r, title: titles?.[0]?.title };
      }),
    );
  }

  /**
   * Lifts a due embargo, idempotently: the restricted parts become public, the change is
   * audited, and the components (index, DOI) and `onLifted` (mail) act in the same unit of
   * work. Returns false when there was nothing to lift (already lifted, not yet due, deleted).
   * `force` lifts before `until` (a curator accepted an early lift); `uow` joins the caller's.
   */
  async liftEmbargo(id: string, onLifted?: (uow: UnitOfWork, record: RecordRow, ownerId: string) => Promise<void>, opts: { force?: boolean; uow?: UnitOfWork } = {}): Promise<boolean> {
    return this.#c.uow.run(async (uow) => {
      const record = await recordsRepo.findRecord(uow.trx, id, { forUpdate: true });
      const now = this.#c.clock.now();
      const embargo = record?.access.embargo;
      if (!record || record.deleted_at || !embargo?.active || !embargo.until || (!opts.force && Date.parse(embargo.until) > now.getTime())) return false;
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id))!;
      const access: RecordAccess = { record: 'public', files: 'public', embargo: { active: false, until: embargo.until, reason: embargo.reason } };
      const updated = await recordsRepo.updateRecord(uow.trx, id, {
        metadata: record.metadata,
        access,
        pids: record.pids,
        files_enabled: record.files_enabled,
        profile: record.profile,
        classification: record.classification,
        revision_id: record.revision_id + 1,
        updated_at: now,
      });
      await uow.audit({ actorId: null, action: 'record.embargo_lifted', subjectType: 'record', subjectId: id, before: { access: record.access }, after: { access } });
      await this.#emit(uow, { type: 'record.updated', id, parentId: parent.id });
      await onLifted?.(uow, updated, parent.owner_id);
      return true;
    }, opts.uow);
  }

  /**
   * Moves the end of a published record's active embargo to a later day (a curator accepted an
   * extension), in the caller's unit of work when given: a new revision, audited, `record.updated`
   * emitted. An open edit draft that kept the old end gets the new one (its revision kept), so
   * publishing it does not undo the extension. Needs `review`. Throws ForbiddenError, RecordNotFoundError,
   * RecordDeletedError, ConflictError (no active embargo), ValidationError (`until` not later).
   */
  async setEmbargoUntil(identity: Identity, id: string, until: string, opts: WriteOptions = {}): Promise<RecordResult> {
    if (!this.#c.policy.can(identity, 'review')) throw new ForbiddenError('Only curators may change an embargo end.');
    return this.#c.uow.run(async (uow) => {
      const record = await this.#findLiveRecord(uow.trx, id, true);
      const embargo = record.access.embargo;
      if (!embargo.active || !embargo.until) throw new ConflictError(`Record ${id} has no active embargo.`);
      if (!(until > embargo.until)) throw new ValidationError('Invalid embargo end.', { errors: [{ pointer: '/until', message: `must be later than ${embargo.until}` }] });
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id))!;
      const access: RecordAccess = { ...record.access, embargo: { ...embargo, until } };
      const kept = (r: RecordRow | DraftRow) => ({ metadata: r.metadata, pids: r.pids, files_enabled: r.files_enabled, profile: r.profile, classification: r.classification });
      const updated = await recordsRepo.updateRecord(uow.trx, id, { ...kept(record), access, revision_id: record.revision_id + 1, updated_at: this.#c.clock.now() });
      const draft = await recordsRepo.findDraft(uow.trx, id, { forUpdate: true });
      if (draft?.access.embargo.active && draft.access.embargo.until === embargo.until) {
        const draftAccess = { ...draft.access, embargo: { ...draft.access.embargo, until } };
        await recordsRepo.updateDraft(uow.trx, id, { ...kept(draft), access: draftAccess, revision_id: draft.revision_id, updated_at: draft.updated_at });
      }
      await uow.audit({ actorId: actorOf(identity), action: 'record.embargo_extended', subjectType: 'record', subjectId: id, before: { access: record.access }, after: { access } });
      await this.#emit(uow, { type: 'record.updated', id, parentId: parent.id });
      return this.#result(uow.trx, updated, parent, false);
    }, opts.uow);
  }

  // ---- persistent identifiers (for the pids context) -----------------------------------

  /** Replaces a parent's pids (the concept DOI) in the caller's unit of work. No permission check: for record components. */
  async setParentPids(uow: UnitOfWork, parentId: string, pids: Pids): Promise<void> {
    await recordsRepo.updatePids(uow.trx, 'parents', parentId, pids);
  }

  /**
   * Adds pids to a draft (reserving its DOI): `make` gets the locked draft and the unit of work and
   * returns the pids to merge, or nothing to leave the draft as it is. Audited; the revision stays
   * (pids are not the depositor's to edit, and updates keep them). Throws DraftNotFoundError,
   * 401/403 (`updateDraft`), RecordRevisionMismatchError.
   */
  async reserveDraftPids(identity: Identity, id: string, make: (draft: DraftRow, uow: UnitOfWork) => Pids | undefined, opts: WriteOptions = {}): Promise<RecordResult> {
    // Permission before the transaction: grants are read on their own connection (PGlite has one).
    const before = await this.#loadDraft(this.#c.db, id);
    await this.#require(identity, 'updateDraft', before.parent, before.draft);
    return this.#c.uow.run(async (uow) => {
      const { draft, parent } = await this.#loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      const added = make(draft, uow);
      if (!added) return this.#result(uow.trx, draft, parent, true);
      const pids = { ...draft.pids, ...added };
      await recordsRepo.updatePids(uow.trx, 'drafts', id, pids);
      const updated = { ...draft, pids };
      await uow.audit({ actorId: actorOf(identity), action: 'draft.pids', subjectType: 'record', subjectId: id, before: { pids: draft.pids }, after: { pids } });
      await this.#emit(uow, { type: 'draft.updated', id, parentId: parent.id });
      return this.#result(uow.trx, updated, parent, true);
    }, opts.uow);
  }

  /**
   * The pids of a published record (deleted too), a draft or a parent, with what registering them
   * needs, for the pids context's outbox work (system use: no permission check). Undefined when gone.
   */
  async pidsOf(target: PidTarget): Promise<PidHolder | undefined> {
    const db = this.#c.db;
    if (target.kind === 'parent') {
      const parent = await recordsRepo.findParent(db, target.id);
      if (!parent) return undefined;
      const versions = await recordsRepo.listVersions(db, parent.id);
      const latest = versions.find((r) => !r.deleted_at);
      return { pids: parent.pids, deleted: !latest, restricted: latest?.access.record === 'restricted', ...(latest ? { latestId: latest.id } : {}) };
    }
    const row = target.kind === 'draft' ? await recordsRepo.findDraft(db, target.id) : await recordsRepo.findRecord(db, target.id);
    if (!row) return undefined;
    return { pids: row.pids, deleted: 'deleted_at' in row && row.deleted_at !== null, restricted: row.access.record === 'restricted' };
  }

  /**
   * Sets `pids[scheme].status` where the pid is stored, if it still has `identifier` (for the pids
   * context's outbox handlers: no permission check, no new revision). A published record's open
   * draft is updated too, so publishing it keeps the status. Never throws for a missing target.
   */
  async setPidStatus(target: PidTarget, scheme: string, identifier: string, status: string): Promise<void> {
    await this.#c.uow.run(async (uow) => {
      const tables = target.kind === 'parent' ? (['parents'] as const) : target.kind === 'draft' ? (['drafts'] as const) : (['records', 'drafts'] as const);
      for (const table of tables) {
        const row = table === 'parents' ? await recordsRepo.findParent(uow.trx, target.id, { forUpdate: true }) : table === 'drafts' ? await recordsRepo.findDraft(uow.trx, target.id, { forUpdate: true }) : await recordsRepo.findRecord(uow.trx, target.id, { forUpdate: true });
        const pid = row?.pids[scheme];
        if (!row || !pid || pid.identifier !== identifier || pid.status === status) continue;
        await recordsRepo.updatePids(uow.trx, table, target.id, { ...row.pids, [scheme]: { ...pid, status } });
      }
    });
  }

  /** What carries a pid: a published record (deleted ones too) or a parent, with its newest live version. Never throws. */
  async resolvePid(scheme: string, identifier: string): Promise<{ recordId: string } | { parentId: string; latestId: string | undefined } | undefined> {
    const recordId = await recordsRepo.findByPid(this.#c.db, 'records', scheme, identifier);
    if (recordId) return { recordId };
    const parentId = await recordsRepo.findByPid(this.#c.db, 'parents', scheme, identifier);
    if (!parentId) return undefined;
    const versions = await recordsRepo.listVersions(this.#c.db, parentId);
    return { parentId, latestId: (versions.find((r) => !r.deleted_at) ?? versions[0])?.id };
  }

  /** Whether any record or draft exists (the demo loader fills only an empty database). */
  async anyExists(): Promise<boolean> {
    return recordsRepo.anyParent(this.#c.db);
  }

  /**
   * For the search indexer (the system itself: no permission check): the draft and the live
   * published record under `id` as the read methods report them (owner, access, files summary),
   * each with its files' keys (for the formats facet), and the concept's live versions. A
   * deleted record (tombstone) is reported as absent, so it leaves the index. Never throws a
   * catalogue error.
   */
  async indexSnapshot(id: string): Promise<IndexSnapshot> {
    const db = this.#c.db;
    const draft = await recordsRepo.findDraft(db, id);
    const record = await recordsRepo.findRecord(db, id);
    const parent = draft ?? record ? await recordsRepo.findParent(db, (draft ?? record)!.parent_id) : undefined;
    if (!parent) return { id, draft: null, record: null, versions: [] };
    const entry = async (row: Row, isDraft: boolean) => ({
      ...(await this.#result(db, row, parent, isDraft)),
      fileKeys: (await this.#c.files.list(db, row.bucket_id)).map((f) => f.key),
    });
    const versions = (await recordsRepo.listVersions(db, parent.id)).filter((r) => !r.deleted_at).map((r) => ({ id: r.id, index: r.version_index }));
    return { id, draft: draft ? await entry(draft, true) : null, record: record && !record.deleted_at ? await entry(record, false) : null, versions };
  }

  /**
   * Ids of every draft and live published record after `after`, ascending, at most `limit`: keyset
   * paging for `npm run reindex` and `npm run index:check` (never `.stream()`: PGlite cannot).
   * The system's view, no permission check. Never throws.
   */
  async listIndexIds(page: { after?: string; limit: number }): Promise<string[]> {
    // Kept here until the records repo grows an equivalent (issue 5 could not touch repo.ts).
    const after = page.after ?? '';
    const rows = await this.#c.db
      .selectFrom('drafts')
      .select('id')
      .where('id', '>', after)
      .union(this.#c.db.selectFrom('records').select('id').where('id', '>', after).where('deleted_at', 'is', null))
      .orderBy('id')
      .limit(page.limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Scans a committed file of a draft for personal identifiers and stores the findings
   * (replacing the file's earlier ones); a deleted file (`present` false) drops its findings.
   * Runs outside the upload's transaction: the scan streams the file.
   */
  async scanDraftFile(draftId: string, key: string, present: boolean): Promise<PersonalDataFinding[]> {
    const draft = await recordsRepo.findDraft(this.#c.db, draftId);
    if (!draft) return [];
    const found = present ? await fileFindings(this.#c.files, this.#c.db, draft.bucket_id, key) : [];
    // Nothing found and nothing to forget: no write.
    if (found.length === 0 && !draft.personal_data.some((f) => f.source === `file:${key}`)) return draft.personal_data;
    return this.#c.uow.run(async (uow) => {
      const current = await recordsRepo.findDraft(uow.trx, draftId, { forUpdate: true });
      if (!current) return [];
      const next = replaceFindings(current.personal_data, (s) => s === `file:${key}`, found);
      await recordsRepo.setPersonalData(uow.trx, draftId, next);
      if (found.length) await uow.audit({ actorId: null, action: 'draft.personal_data_flagged', subjectType: 'record', subjectId: draftId, after: { file: key, findings: found } });
      return next;
    });
  }

  /** Tells the components that a draft's files changed (called by DraftFilesService inside its unit of work). */
  async filesChanged(uow: UnitOfWork, draft: DraftRow): Promise<void> {
    await this.#emit(uow, { type: 'files.changed', id: draft.id, parentId: draft.parent_id });
  }

  // ---- internals -----------------------------------------------------------------

  async #emit(uow: UnitOfWork, event: RecordEvent): Promise<void> {
    for (const component of this.#c.components ?? []) await component.onEvent?.(uow, event);
  }

  /** A published, not deleted record. Throws RecordNotFoundError, RecordDeletedError (410, with the tombstone). */
  async #findLiveRecord(db: Executor, id: string, forUpdate = false): Promise<RecordRow> {
    const record = await recordsRepo.findRecord(db, id, { forUpdate });
    if (!record) throw new RecordNotFoundError(`No published record ${id}.`);
    if (record.deleted_at) {
      const m = record.metadata as { titles?: unknown; creators?: unknown; publisher?: unknown; publicationYear?: unknown };
      throw new RecordDeletedError(`Record ${id} was deleted: ${record.deletion_reason ?? 'no reason given'}.`, {
        extra: {
          tombstone: {
            id: record.id,
            parent_id: record.parent_id,
            removed_at: record.deleted_at.toISOString(),
            reason: record.deletion_reason,
            pids: record.pids,
            // A restricted record's tombstone keeps its citation to itself.
            ...(record.access.record === 'public' ? { citation: { titles: m.titles, creators: m.creators, publisher: m.publisher, publicationYear: m.publicationYear } } : {}),
          },
        },
      });
    }
    return record;
  }

  async #loadDraft(db: Executor, id: string, forUpdate = false): Promise<{ draft: DraftRow; parent: ParentRow }> {
    const draft = await recordsRepo.findDraft(db, id, { forUpdate });
    if (!draft) throw new DraftNotFoundError(`No draft ${id}.`);
    const parent = (await recordsRepo.findParent(db, draft.parent_id))!;
    return { draft, parent };
  }

  async #freshId(db: Executor, avoid?: string): Promise<string> {
    for (;;) {
      const id = newRecordId();
      if (id !== avoid && !(await recordsRepo.idTaken(db, id))) return id;
    }
  }

  #applyInput(input: DraftInput, base: Pick<RecordLikeValues, 'metadata' | 'access' | 'files_enabled' | 'profile'> & { classification: Classification }) {
    const access = input.access ?? {};
    return {
      metadata: input.metadata ?? base.metadata,
      access: {
        record: access.record ?? base.access.record,
        files: access.files ?? base.access.files,
        embargo: { ...DEFAULT_ACCESS.embargo, ...(access.embargo ?? {}) },
      } as RecordAccess,
      files_enabled: input.files?.enabled ?? base.files_enabled,
      profile: input.profile === undefined ? base.profile : input.profile,
      classification: input.classification ?? base.classification,
    };
  }

  #validate(row: Row): FieldError[] {
    const errors = this.#c.validator.validate(row.metadata, row.profile);
    const embargo = row.access.embargo;
    if (embargo.active) {
      const until = embargo.until ? Date.parse(embargo.until) : NaN;
      const now = this.#c.clock.now();
      const max = new Date(now);
      max.setUTCFullYear(max.getUTCFullYear() + (this.#c.embargoMaxYears ?? 5));
      if (Number.isNaN(until)) errors.push({ pointer: '/access/embargo/until', message: 'an active embargo needs an end date' });
      else if (until <= now.getTime()) errors.push({ pointer: '/access/embargo/until', message: 'must be in the future' });
      else if (until > max.getTime()) errors.push({ pointer: '/access/embargo/until', message: `must be within ${this.#c.embargoMaxYears ?? 5} years` });
      if (row.access.record === 'public' && row.access.files === 'public') {
        errors.push({ pointer: '/access/embargo', message: 'an embargo needs restricted files or a restricted record to lift' });
      }
    }
    if (row.classification === 'sensitive') {
      if (row.access.record !== 'restricted') errors.push({ pointer: '/access/record', message: 'a sensitive record can never be public' });
      if (row.access.files !== 'restricted') errors.push({ pointer: '/access/files', message: 'the files of a sensitive record can never be public' });
      if (embargo.active) errors.push({ pointer: '/access/embargo', message: 'a sensitive record cannot be embargoed into the open' });
    }
    return errors;
  }

  async #filesSummary(db: Executor, row: Row): Promise<FilesSummary> {
    const s = await this.#c.files.summary(db, row.bucket_id);
    return { enabled: row.files_enabled, count: s.count, total_bytes: s.total_bytes, pending: s.pending };
  }

  async #result(db: Executor, row: Row, parent: ParentRow, isDraft: boolean, latestIndex?: number): Promise<RecordResult> {
    const isPublished = isDraft ? await recordsRepo.recordExists(db, row.id) : true;
    const files = await this.#filesSummary(db, row);
    const versions = latestIndex ?? (await recordsRepo.latestLiveIndex(db, parent.id));
    return { row, isDraft, isPublished, parent, files, latestIndex: versions, errors: isDraft ? this.#validate(row) : [] };
  }
}

/** Where pids are stored: a published record, a draft, or a parent (the concept). */
export interface PidTarget {
  kind: 'record' | 'draft' | 'parent';
  id: string;
}

/** What `pidsOf` reports: the pids, whether the record is deleted (a parent: has no live version), restricted, and a parent's newest live version. */
export interface PidHolder {
  pids: Pids;
  deleted: boolean;
  restricted: boolean;
  latestId?: string;
}

/** Filters of `listPublishedSince`; `from` inclusive, `until` exclusive (on updated_at). */
export interface PublishedQuery {
  from?: Date;
  until?: Date;
  /** DataCite `types.resourceTypeGeneral`. */
  resourceType?: string;
  ids?: string[];
  includeDeleted?: boolean;
}

/** One published record (or tombstone) as `listPublishedSince` enumerates it. */
export interface PublishedEntry {
  id: string;
  parentId: string;
  /** The datestamp: when the record last changed (published, edited, deleted). */
  updatedAt: Date;
  deleted: boolean;
  resourceType: string | null;
  /** Opaque keyset position of this entry; pass it as `after` to continue after it. */
  position: string;
}

const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_[0-9a-z-]{1,64}$/;

// The read filter in SQL: public records, the caller's own (`user:`) and secret links' parents
// (`link:`). Group and user grants are not resolved here, so grantees see less, never more.
function publishedFilter(identity: Identity, q: PublishedQuery): PublishedFilter {
  const filter = readFilter(identity);
  const principals = filter.kind === 'visible' ? filter.principals : [];
  const of = (kind: string) => principals.filter((p) => p.startsWith(`${kind}:`)).map((p) => p.slice(kind.length + 1));
  return {
    publicOnly: filter.kind === 'visible',
    ownerIds: of('user'),
    parentIds: of('link'),
    includeDeleted: q.includeDeleted ?? false,
    ...(q.from ? { from: q.from } : {}),
    ...(q.until ? { until: q.until } : {}),
    ...(q.resourceType !== undefined ? { resourceType: q.resourceType } : {}),
    ...(q.ids ? { ids: q.ids } : {}),
  };
}

function publishFileErrors(files: FilesSummary): FieldError[] {
  if (!files.enabled) {
    return files.count > 0 ? [{ pointer: '/files/enabled', message: 'a metadata-only record cannot have files; delete them or enable files' }] : [];
  }
  if (files.count === 0) return [{ pointer: '/files', message: 'upload at least one file, or mark the record metadata-only (files.enabled = false)' }];
  return files.pending.map((key) => ({ pointer: `/files/entries/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'the upload is not committed yet' }));
}

function copyOf(record: RecordRow): RecordLikeValues {
  const { publication_date: _p, deleted_at: _d, deletion_reason: _r, deleted_by: _b, ...rest } = record;
  return rest;
}

function snapshot(row: Row) {
  return { metadata: row.metadata, access: row.access, files_enabled: row.files_enabled, profile: row.profile, classification: row.classification, revision_id: row.revision_id };
}

function actorOf(identity: Identity): string | null {
  return identity.kind === 'user' ? identity.id : null;
}

function describeAction(action: Action): string {
  const words: Record<Action, string> = {
    create: 'create records',
    read: 'read this record',
    readFiles: "download this record's files",
    readDraft: 'read this draft',
    updateDraft: 'change this draft',
    deleteDraft: 'delete this draft',
    publish: 'publish this draft',
    edit: 'edit this record',
    newVersion: 'create a new version of this record',
    readAudit: "read this record's audit log",
    deleteRecord: 'delete published records',
    manageAccess: "manage this record's access",
    requestAccess: 'request access',
    review: 'review requests',
    manageGroups: 'manage groups',
    manageUsers: 'manage users',
  };
  return words[action];
}
