/**
 * Drafts, publishing, edits and versions of records (InvenioRDM's record + draft
 * services in one). Every method follows one recipe: load, check the revision,
 * require permission, validate, write through the repo in a unit of work (with its
 * audit entries and outbox operations), and return a result the routes serialize.
 * Shared internals are in records-core.ts; what other contexts ask of records is in
 * records-maintenance.ts.
 */
import type { Identity } from '../access/identity.js';
import { auditRepo, type AuditPage } from '../platform/audit.js';
import { UnauthenticatedError } from '../platform/errors.js';
import { isMetadataSource, metadataFindings, replaceFindings } from './personal-data-scan.js';
import { DEFAULT_ACCESS } from './config.js';
import { PublishValidationError, RecordNotFoundError } from './errors.js';
import { recordsRepo } from './repo.js';
import { checkRevision } from './revision.js';
import type { DraftRow, Metadata, ParentRow, RecordRow } from './tables.js';
import { actorOf, copyOf, publishFileErrors, snapshot } from './service-support.js';
import type { DraftInput, RecordResult, WriteOptions } from './service-types.js';
import { RecordsMaintenance } from './records-maintenance.js';

export type { DraftInput, FilesSummary, IndexSnapshot, PidHolder, PidTarget, PublishedEntry, PublishedQuery, RecordResult, RecordsServiceConfig, WriteOptions } from './service-types.js';

export class RecordsService extends RecordsMaintenance {
  // ---- drafts --------------------------------------------------------------------

  /** Creates a new record's draft (and its parent). Throws 401/403. Never rejects incomplete metadata. */
  async createDraft(identity: Identity, input: DraftInput, opts: WriteOptions = {}): Promise<RecordResult> {
    await this.require(identity, 'create');
    const ownerId = identity.kind === 'user' ? identity.id : '';
    return this.cfg.uow.run(async (uow) => {
      const now = this.cfg.clock.now();
      const parentId = await this.freshId(uow.trx);
      const id = await this.freshId(uow.trx, parentId);
      const parent: ParentRow = { id: parentId, owner_id: ownerId, pids: {}, created_at: now, updated_at: now };
      await recordsRepo.insertParent(uow.trx, parent);
      const bucketId = await this.cfg.files.createBucket(uow);
      const draft = await recordsRepo.insertDraft(uow.trx, {
        personal_data: metadataFindings((input.metadata ?? {}) as Metadata),
        id,
        parent_id: parentId,
        version_index: 1,
        revision_id: 1,
        ...this.applyInput(input, { metadata: {}, access: DEFAULT_ACCESS, files_enabled: true, profile: null, classification: 'public' }),
        bucket_id: bucketId,
        pids: {},
        created_at: now,
        updated_at: now,
      });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.create', subjectType: 'record', subjectId: id, after: snapshot(draft) });
      await this.emit(uow, { type: 'draft.created', id, parentId });
      return this.result(uow.trx, draft, parent, true);
    }, opts.uow);
  }

  /** Reads a draft. Throws DraftNotFoundError, 401/403. */
  async readDraft(identity: Identity, id: string): Promise<RecordResult> {
    const { draft, parent } = await this.loadDraft(this.cfg.db, id);
    await this.require(identity, 'readDraft', parent, draft);
    return this.result(this.cfg.db, draft, parent, true);
  }

  /** Replaces a draft's metadata/access/files/profile (a PUT). Saves even when invalid; the result lists the errors. */
  async updateDraft(identity: Identity, id: string, input: DraftInput, opts: WriteOptions = {}): Promise<RecordResult> {
    return this.cfg.uow.run(async (uow) => {
      const { draft, parent } = await this.loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      await this.require(identity, 'updateDraft', parent, draft, false, uow.trx);
      const values = this.applyInput(input, { metadata: {}, access: DEFAULT_ACCESS, files_enabled: draft.files_enabled, profile: null, classification: draft.classification });
      const updated = await recordsRepo.updateDraft(uow.trx, id, {
        ...values,
        personal_data: replaceFindings(draft.personal_data, isMetadataSource, metadataFindings(values.metadata)),
        pids: draft.pids,
        revision_id: draft.revision_id + 1,
        updated_at: this.cfg.clock.now(),
      });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.update', subjectType: 'record', subjectId: id, before: snapshot(draft), after: snapshot(updated) });
      await this.emit(uow, { type: 'draft.updated', id, parentId: parent.id });
      return this.result(uow.trx, updated, parent, true);
    }, opts.uow);
  }

  /**
   * Deletes a draft. A new record's draft takes its parent and files with it; a
   * new-version draft its files; an edit draft only discards the edit.
   */
  async deleteDraft(identity: Identity, id: string, opts: WriteOptions = {}): Promise<void> {
    await this.cfg.uow.run(async (uow) => {
      const { draft, parent } = await this.loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      await this.require(identity, 'deleteDraft', parent, draft, false, uow.trx);
      const editsPublished = await recordsRepo.recordExists(uow.trx, id);
      await recordsRepo.deleteDraft(uow.trx, id);
      if (!editsPublished) await this.cfg.files.deleteBucket(uow, draft.bucket_id);
      if (!editsPublished && draft.version_index === 1) await recordsRepo.deleteParent(uow.trx, parent.id);
      await uow.audit({ actorId: actorOf(identity), action: 'draft.delete', subjectType: 'record', subjectId: id, before: snapshot(draft) });
      await this.emit(uow, { type: 'draft.deleted', id, parentId: parent.id });
    }, opts.uow);
  }

  /**
   * Publishes a draft: a new record (version) or a new revision of a published one.
   * Throws PublishValidationError (400, every problem as a pointer), 401/403/404/412.
   */
  async publish(identity: Identity, id: string, opts: WriteOptions = {}): Promise<RecordResult> {
    return this.cfg.uow.run(async (uow) => {
      const { draft } = await this.loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      // Lock the parent: publishes and new versions of one concept take turns.
      const parent = (await recordsRepo.findParent(uow.trx, draft.parent_id, { forUpdate: true }))!;
      await this.require(identity, 'publish', parent, draft, false, uow.trx);
      const previous = await recordsRepo.findRecord(uow.trx, id, { forUpdate: true });
      const files = await this.filesSummary(uow.trx, draft);
      const errors = [...this.validate(draft), ...publishFileErrors(files)];
      if (errors.length > 0) throw new PublishValidationError(`The draft has ${errors.length} problem(s); fix them and publish again.`, { errors });
      let pids = { ...draft.pids };
      for (const component of this.cfg.components ?? []) {
        const added = await component.beforePublish?.(uow, { draft, parent, previous });
        if (added) pids = { ...pids, ...added };
      }
      const now = this.cfg.clock.now();
      const values = { metadata: draft.metadata, access: draft.access, files_enabled: draft.files_enabled, profile: draft.profile, classification: draft.classification, pids, updated_at: now };
      let record: RecordRow;
      if (previous) {
        record = await recordsRepo.updateRecord(uow.trx, id, { ...values, revision_id: previous.revision_id + 1 });
      } else {
        await this.cfg.files.lockBucket(uow, draft.bucket_id);
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
      await this.emit(uow, { type: previous ? 'record.updated' : 'record.published', id, parentId: parent.id });
      return this.result(uow.trx, record, parent, false);
    }, opts.uow);
  }

  /** Opens (or returns the open) edit draft of a published record. Throws RecordNotFoundError, 401/403. */
  async edit(identity: Identity, id: string, opts: WriteOptions = {}): Promise<{ result: RecordResult; created: boolean }> {
    return this.cfg.uow.run(async (uow) => {
      const record = await this.findLiveRecord(uow.trx, id, true);
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id))!;
      await this.require(identity, 'edit', parent, record, true, uow.trx);
      const existing = await recordsRepo.findDraft(uow.trx, id);
      if (existing) return { result: await this.result(uow.trx, existing, parent, true), created: false };
      const now = this.cfg.clock.now();
      const draft = await recordsRepo.insertDraft(uow.trx, { ...copyOf(record), revision_id: 1, created_at: now, updated_at: now });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.edit', subjectType: 'record', subjectId: id, after: snapshot(draft) });
      await this.emit(uow, { type: 'draft.created', id, parentId: parent.id });
      return { result: await this.result(uow.trx, draft, parent, true), created: true };
    }, opts.uow);
  }

  /**
   * Creates the next version's draft of the record's concept, or returns the one
   * already open (as InvenioRDM does), so concurrent calls never make two.
   */
  async newVersion(identity: Identity, id: string, opts: WriteOptions = {}): Promise<{ result: RecordResult; created: boolean }> {
    return this.cfg.uow.run(async (uow) => {
      const record = await this.findLiveRecord(uow.trx, id);
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id, { forUpdate: true }))!;
      await this.require(identity, 'newVersion', parent, record, true, uow.trx);
      const open = await recordsRepo.findNewVersionDraft(uow.trx, parent.id);
      if (open) return { result: await this.result(uow.trx, open, parent, true), created: false };
      const latest = (await recordsRepo.listVersions(uow.trx, parent.id)).find((r) => !r.deleted_at)!;
      const now = this.cfg.clock.now();
      const draftId = await this.freshId(uow.trx);
      const draft = await recordsRepo.insertDraft(uow.trx, {
        ...copyOf(latest),
        id: draftId,
        version_index: (await recordsRepo.maxVersionIndex(uow.trx, parent.id)) + 1,
        revision_id: 1,
        bucket_id: await this.cfg.files.createBucket(uow),
        // Each version gets its own DOI; files start empty (import them with files-import).
        pids: {},
        created_at: now,
        updated_at: now,
      });
      await uow.audit({ actorId: actorOf(identity), action: 'draft.new_version', subjectType: 'record', subjectId: draftId, after: { ...snapshot(draft), from: latest.id } });
      await this.emit(uow, { type: 'draft.created', id: draftId, parentId: parent.id });
      return { result: await this.result(uow.trx, draft, parent, true), created: true };
    }, opts.uow);
  }

  /** Copies the previous version's files into a new-version draft (no bytes copied). */
  async importFiles(identity: Identity, id: string, opts: WriteOptions = {}): Promise<RecordResult> {
    return this.cfg.uow.run(async (uow) => {
      const { draft, parent } = await this.loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      await this.require(identity, 'updateDraft', parent, draft, false, uow.trx);
      const previous = (await recordsRepo.listVersions(uow.trx, parent.id)).find((r) => r.version_index < draft.version_index);
      if (!previous || (await recordsRepo.recordExists(uow.trx, id))) {
        throw new PublishValidationError('Files can only be imported into a new version of a published record.');
      }
      await this.cfg.files.importFiles(uow, previous.bucket_id, draft.bucket_id);
      await uow.audit({ actorId: actorOf(identity), action: 'files.import', subjectType: 'record', subjectId: id, after: { from: previous.id } });
      await this.emit(uow, { type: 'files.changed', id, parentId: parent.id });
      return this.result(uow.trx, draft, parent, true);
    }, opts.uow);
  }

  // ---- published records -----------------------------------------------------------

  /** Reads a published record. Throws RecordNotFoundError, 401/403. */
  async read(identity: Identity, id: string): Promise<RecordResult> {
    const record = await this.findLiveRecord(this.cfg.db, id);
    const parent = (await recordsRepo.findParent(this.cfg.db, record.parent_id))!;
    await this.require(identity, 'read', parent, record, true);
    return this.result(this.cfg.db, record, parent, false);
  }

  /** Published versions of the record's concept that the caller may see, newest first. */
  async listVersions(identity: Identity, id: string, page: { page: number; size: number }): Promise<{ hits: RecordResult[]; total: number }> {
    const anchor = await this.read(identity, id);
    const all = (await recordsRepo.listVersions(this.cfg.db, anchor.parent.id)).filter((r) => !r.deleted_at);
    const granted = await this.granted(identity, anchor.parent);
    const visible = all.filter((r) => this.cfg.policy.can(identity, 'read', { ownerId: anchor.parent.owner_id, access: r.access, published: true, granted }));
    const slice = visible.slice((page.page - 1) * page.size, page.page * page.size);
    const hits = await Promise.all(slice.map((r) => this.result(this.cfg.db, r, anchor.parent, false, anchor.latestIndex)));
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
    const { ids, total } = await recordsRepo.listOwned(this.cfg.db, identity.id, (page.page - 1) * page.size, page.size);
    const hits = await Promise.all(
      ids.map(async ({ id, is_draft }) => {
        const row = is_draft ? await recordsRepo.findDraft(this.cfg.db, id) : await recordsRepo.findRecord(this.cfg.db, id);
        const parent = (await recordsRepo.findParent(this.cfg.db, row!.parent_id))!;
        return this.result(this.cfg.db, row!, parent, is_draft);
      }),
    );
    return { hits, total };
  }

  /** Loads a draft whose files the caller may read or change. Throws DraftNotFoundError, 401/403. */
  async draftForFiles(identity: Identity, id: string, action: 'readDraft' | 'updateDraft'): Promise<{ draft: DraftRow; parent: ParentRow }> {
    const loaded = await this.loadDraft(this.cfg.db, id);
    await this.require(identity, action, loaded.parent, loaded.draft);
    return loaded;
  }

  /** Loads a published record whose files the caller may read. Throws 404/401/403. */
  async recordForFiles(identity: Identity, id: string): Promise<{ record: RecordRow; parent: ParentRow }> {
    const record = await this.findLiveRecord(this.cfg.db, id);
    const parent = (await recordsRepo.findParent(this.cfg.db, record.parent_id))!;
    await this.require(identity, 'read', parent, record, true);
    await this.require(identity, 'readFiles', parent, record, true);
    return { record, parent };
  }

  /** The audit trail of a record or draft, oldest first, keyset-paged. Throws 404/401/403. */
  async audit(identity: Identity, id: string, page: { after?: number; size: number }): Promise<AuditPage> {
    const draft = await recordsRepo.findDraft(this.cfg.db, id);
    const row = draft ?? (await recordsRepo.findRecord(this.cfg.db, id));
    if (!row) throw new RecordNotFoundError(`No record or draft ${id}.`);
    const parent = (await recordsRepo.findParent(this.cfg.db, row.parent_id))!;
    await this.require(identity, 'readAudit', parent, row);
    return auditRepo.list(this.cfg.db, 'record', [id], page.after, page.size);
  }
}
