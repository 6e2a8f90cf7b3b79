/**
 * Drafts, publishing, edits and versions of records (InvenioRDM's record + draft
 * services in one). Every method follows one recipe: load, check the revision,
 * require permission, validate, write through the repo in a unit of work (with its
 * audit entries and outbox operations), and return a result the routes serialize.
 */
import type { Kysely } from 'kysely';
import type { Identity } from '../access/identity.js';
import type { PermissionPolicy, Action } from '../access/policy.js';
import type { FilesService } from '../files/service.js';
import { auditRepo, type AuditPage } from '../platform/audit.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Executor } from '../platform/db/database.js';
import { ForbiddenError, UnauthenticatedError, type FieldError } from '../platform/errors.js';
import { newRecordId } from '../platform/ids.js';
import type { UnitOfWork, UnitOfWorkFactory } from '../platform/uow.js';
import type { MetadataValidator } from '../platform/validation.js';
import type { RecordComponent, RecordEvent } from './components.js';
import { DEFAULT_ACCESS } from './config.js';
import { DraftNotFoundError, PublishValidationError, RecordDeletedError, RecordNotFoundError } from './errors.js';
import { recordsRepo, type RecordLikeValues } from './repo.js';
import { checkRevision } from './revision.js';
import type { DraftRow, Metadata, ParentRow, RecordAccess, RecordRow } from './tables.js';

export interface RecordsServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly clock: Clock;
  readonly files: FilesService;
  readonly validator: MetadataValidator;
  readonly policy: PermissionPolicy;
  /** Other contexts' parts in a record's life (DOIs, search index), in order. */
  readonly components?: readonly RecordComponent[];
}

export interface DraftInput {
  metadata?: Metadata;
  access?: Partial<Omit<RecordAccess, 'embargo'>> & { embargo?: Partial<RecordAccess['embargo']> };
  files?: { enabled?: boolean };
  profile?: string | null;
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

type Row = DraftRow | RecordRow;

export class RecordsService {
  readonly #c: RecordsServiceConfig;
  constructor(config: RecordsServiceConfig) {
    this.#c = Object.freeze({ ...config });
  }

  // ---- permission ------------------------------------------------------------------

  /** Throws 401 for anonymous callers and 403 for users when `action` is not allowed. */
  #require(identity: Identity, action: Action, parent?: ParentRow, row?: Row, published = false): void {
    const subject = parent && row ? { ownerId: parent.owner_id, access: row.access, published } : undefined;
    if (this.#c.policy.can(identity, action, subject)) return;
    if (identity.kind === 'anonymous') throw new UnauthenticatedError('Sign in or send a bearer token to do this.');
    throw new ForbiddenError(`You may not ${describeAction(action)}.`);
  }

  /** True when `identity` may do `action` on this result (for links and listings). Never throws. */
  can(identity: Identity, action: Action, result: RecordResult): boolean {
    return this.#c.policy.can(identity, action, { ownerId: result.parent.owner_id, access: result.row.access, published: !result.isDraft });
  }

  // ---- drafts --------------------------------------------------------------------

  /** Creates a new record's draft (and its parent). Throws 401/403. Never rejects incomplete metadata. */
  async createDraft(identity: Identity, input: DraftInput, opts: WriteOptions = {}): Promise<RecordResult> {
    this.#require(identity, 'create');
    const ownerId = identity.kind === 'user' ? identity.id : '';
    return this.#c.uow.run(async (uow) => {
      const now = this.#c.clock.now();
      const parentId = await this.#freshId(uow.trx);
      const id = await this.#freshId(uow.trx, parentId);
      const parent: ParentRow = { id: parentId, owner_id: ownerId, created_at: now, updated_at: now };
      await recordsRepo.insertParent(uow.trx, parent);
      const bucketId = await this.#c.files.createBucket(uow);
      const draft = await recordsRepo.insertDraft(uow.trx, {
        id,
        parent_id: parentId,
        version_index: 1,
        revision_id: 1,
        ...this.#applyInput(input, { metadata: {}, access: DEFAULT_ACCESS, files_enabled: true, profile: null }),
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
    this.#require(identity, 'readDraft', parent, draft);
    return this.#result(this.#c.db, draft, parent, true);
  }

  /** Replaces a draft's metadata/access/files/profile (a PUT). Saves even when invalid; the result lists the errors. */
  async updateDraft(identity: Identity, id: string, input: DraftInput, opts: WriteOptions = {}): Promise<RecordResult> {
    return this.#c.uow.run(async (uow) => {
      const { draft, parent } = await this.#loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      this.#require(identity, 'updateDraft', parent, draft);
      const values = this.#applyInput(input, { metadata: {}, access: DEFAULT_ACCESS, files_enabled: draft.files_enabled, profile: null });
      const updated = await recordsRepo.updateDraft(uow.trx, id, {
        ...values,
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
      this.#require(identity, 'deleteDraft', parent, draft);
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
      this.#require(identity, 'publish', parent, draft);
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
      const values = { metadata: draft.metadata, access: draft.access, files_enabled: draft.files_enabled, profile: draft.profile, pids, updated_at: now };
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
      this.#require(identity, 'edit', parent, record, true);
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
      this.#require(identity, 'newVersion', parent, record, true);
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
      this.#require(identity, 'updateDraft', parent, draft);
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
    this.#require(identity, 'read', parent, record, true);
    return this.#result(this.#c.db, record, parent, false);
  }

  /** Published versions of the record's concept that the caller may see, newest first. */
  async listVersions(identity: Identity, id: string, page: { page: number; size: number }): Promise<{ hits: RecordResult[]; total: number }> {
    const anchor = await this.read(identity, id);
    const all = (await recordsRepo.listVersions(this.#c.db, anchor.parent.id)).filter((r) => !r.deleted_at);
    const visible = all.filter((r) => this.#c.policy.can(identity, 'read', { ownerId: anchor.parent.owner_id, access: r.access, published: true }));
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
    this.#require(identity, action, loaded.parent, loaded.draft);
    return loaded;
  }

  /** Loads a published record whose files the caller may read. Throws 404/401/403. */
  async recordForFiles(identity: Identity, id: string): Promise<{ record: RecordRow; parent: ParentRow }> {
    const record = await this.#findLiveRecord(this.#c.db, id);
    const parent = (await recordsRepo.findParent(this.#c.db, record.parent_id))!;
    this.#require(identity, 'read', parent, record, true);
    this.#require(identity, 'readFiles', parent, record, true);
    return { record, parent };
  }

  /** The audit trail of a record or draft, oldest first, keyset-paged. Throws 404/401/403. */
  async audit(identity: Identity, id: string, page: { after?: number; size: number }): Promise<AuditPage> {
    const draft = await recordsRepo.findDraft(this.#c.db, id);
    const row = draft ?? (await recordsRepo.findRecord(this.#c.db, id));
    if (!row) throw new RecordNotFoundError(`No record or draft ${id}.`);
    const parent = (await recordsRepo.findParent(this.#c.db, row.parent_id))!;
    this.#require(identity, 'readAudit', parent, row);
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
      this.#require(identity, 'deleteRecord', parent, record, true);
      const now = this.#c.clock.now();
      await recordsRepo.markDeleted(uow.trx, id, { deleted_at: now, deletion_reason: input.reason, deleted_by: actorOf(identity), updated_at: now });
      await uow.audit({ actorId: actorOf(identity), action: 'record.delete', subjectType: 'record', subjectId: id, before: snapshot(record), after: { reason: input.reason } });
      await this.#emit(uow, { type: 'record.deleted', id, parentId: parent.id });
    }, opts.uow);
  }

  /** Whether any record or draft exists (the demo loader fills only an empty database). */
  async anyExists(): Promise<boolean> {
    return recordsRepo.anyParent(this.#c.db);
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
            citation: { titles: m.titles, creators: m.creators, publisher: m.publisher, publicationYear: m.publicationYear },
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

  #applyInput(input: DraftInput, base: Pick<RecordLikeValues, 'metadata' | 'access' | 'files_enabled' | 'profile'>) {
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
    };
  }

  #validate(row: Row): FieldError[] {
    const errors = this.#c.validator.validate(row.metadata, row.profile);
    const embargo = row.access.embargo;
    if (embargo.active) {
      const until = embargo.until ? Date.parse(embargo.until) : NaN;
      if (Number.isNaN(until)) errors.push({ pointer: '/access/embargo/until', message: 'an active embargo needs an end date' });
      else if (until <= this.#c.clock.now().getTime()) errors.push({ pointer: '/access/embargo/until', message: 'must be in the future' });
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
    const versions = latestIndex ?? ((await recordsRepo.listVersions(db, parent.id))[0]?.version_index ?? 0);
    return { row, isDraft, isPublished, parent, files, latestIndex: versions, errors: isDraft ? this.#validate(row) : [] };
  }
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
  return { metadata: row.metadata, access: row.access, files_enabled: row.files_enabled, profile: row.profile, revision_id: row.revision_id };
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
    manageUsers: 'manage users',
  };
  return words[action];
}
