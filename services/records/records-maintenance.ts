/**
 * The records service's answers to other contexts and to the system: deletion, enumerations
 * for OAI-PMH and search, access targets, embargo lifting and extension, persistent
 * identifiers, personal-data scans. User-facing draft and record work is in service.ts.
 */
import type { Identity } from '../access/identity.js';
import type { Executor } from '../platform/db/database.js';
import { BadRequestError, ConflictError, ForbiddenError, ValidationError } from '../platform/errors.js';
import type { UnitOfWork } from '../platform/uow.js';
import { fileFindings, replaceFindings } from './personal-data-scan.js';
import { recordsRepo } from './repo.js';
import { checkRevision } from './revision.js';
import type { DraftRow, PersonalDataFinding, Pids, RecordAccess, RecordRow } from './tables.js';
import type { IndexSnapshot, PidHolder, PidTarget, PublishedEntry, PublishedQuery, RecordResult, Row, WriteOptions } from './service-types.js';
import { actorOf, POSITION, publishedFilter, snapshot } from './service-support.js';
import { RecordsCore } from './records-core.js';

export abstract class RecordsMaintenance extends RecordsCore {
  /**
   * Deletes a published record, leaving a tombstone: the record answers 410 with the reason and
   * its citation, and leaves version listings; its files stay stored. Throws 404/410/401/403.
   */
  async deleteRecord(identity: Identity, id: string, input: { reason: string }, opts: WriteOptions = {}): Promise<void> {
    await this.cfg.uow.run(async (uow) => {
      const record = await this.findLiveRecord(uow.trx, id, true);
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id, { forUpdate: true }))!;
      checkRevision(opts.revisionId, record.revision_id);
      await this.require(identity, 'deleteRecord', parent, record, true, uow.trx);
      const now = this.cfg.clock.now();
      await recordsRepo.markDeleted(uow.trx, id, { deleted_at: now, deletion_reason: input.reason, deleted_by: actorOf(identity), updated_at: now });
      await uow.audit({ actorId: actorOf(identity), action: 'record.delete', subjectType: 'record', subjectId: id, before: snapshot(record), after: { reason: input.reason } });
      await this.emit(uow, { type: 'record.deleted', id, parentId: parent.id });
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
    const rows = await recordsRepo.listPublished(this.cfg.db, { ...publishedFilter(identity, query), ...(query.after ? { after: query.after } : {}), limit: query.limit });
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, updatedAt: r.updated_at, deleted: r.deleted_at !== null, resourceType: r.resource_type, position: r.position }));
  }

  /** How many entries `listPublishedSince` returns over all its pages. Never throws. */
  async countPublishedSince(identity: Identity, query: PublishedQuery): Promise<number> {
    return recordsRepo.countPublished(this.cfg.db, publishedFilter(identity, query));
  }

  /** The `after` positions that start pages 2, 3, … of `listPublishedSince` with `pageSize` entries a page. Never throws. */
  async publishedPageStarts(identity: Identity, query: PublishedQuery, pageSize: number): Promise<string[]> {
    return recordsRepo.publishedPagePositions(this.cfg.db, publishedFilter(identity, query), pageSize);
  }

  /**
   * For the access context: resolves a record (or draft) id to its parent after checking
   * `action` on it. Throws RecordNotFoundError, RecordDeletedError, 401/403.
   */
  async target(identity: Identity, id: string, action: 'manageAccess' | 'read', db: Executor = this.cfg.db): Promise<{ parentId: string; ownerId: string }> {
    const draft = await recordsRepo.findDraft(db, id);
    const row = draft ?? (await this.findLiveRecord(db, id));
    const parent = (await recordsRepo.findParent(db, row.parent_id))!;
    await this.require(identity, action, parent, row, !draft, db);
    return { parentId: parent.id, ownerId: parent.owner_id };
  }

  /** Tells the components that who may read a parent's versions changed (grants, links). */
  async accessChanged(uow: UnitOfWork, parentId: string): Promise<void> {
    for (const r of await recordsRepo.listVersions(uow.trx, parentId)) await this.emit(uow, { type: 'record.updated', id: r.id, parentId });
    const draft = await recordsRepo.findNewVersionDraft(uow.trx, parentId);
    if (draft) await this.emit(uow, { type: 'draft.updated', id: draft.id, parentId });
  }

  /** Published records whose embargo ends at or before `now` (for the embargo lifter). */
  async embargoesDue(now: Date, limit = 100): Promise<Array<{ id: string; until: string }>> {
    return recordsRepo.embargoesDue(this.cfg.db, now, limit);
  }

  /** Published records whose embargo ends within `days` (for the curator queue). */
  async embargoesEndingWithin(identity: Identity, days: number): Promise<Array<{ id: string; until: string; title: string | undefined }>> {
    if (!this.cfg.policy.can(identity, 'review')) throw new ForbiddenError('Only curators see the embargo queue.');
    const now = this.cfg.clock.now();
    const rows = await recordsRepo.embargoesDue(this.cfg.db, new Date(now.getTime() + days * 86_400_000), 500);
    return Promise.all(
      rows.map(async (r) => {
        const rec = await recordsRepo.findRecord(this.cfg.db, r.id);
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
    return this.cfg.uow.run(async (uow) => {
      const record = await recordsRepo.findRecord(uow.trx, id, { forUpdate: true });
      const now = this.cfg.clock.now();
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
      await this.emit(uow, { type: 'record.updated', id, parentId: parent.id });
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
    if (!this.cfg.policy.can(identity, 'review')) throw new ForbiddenError('Only curators may change an embargo end.');
    return this.cfg.uow.run(async (uow) => {
      const record = await this.findLiveRecord(uow.trx, id, true);
      const embargo = record.access.embargo;
      if (!embargo.active || !embargo.until) throw new ConflictError(`Record ${id} has no active embargo.`);
      if (!(until > embargo.until)) throw new ValidationError('Invalid embargo end.', { errors: [{ pointer: '/until', message: `must be later than ${embargo.until}` }] });
      const parent = (await recordsRepo.findParent(uow.trx, record.parent_id))!;
      const access: RecordAccess = { ...record.access, embargo: { ...embargo, until } };
      const kept = (r: RecordRow | DraftRow) => ({ metadata: r.metadata, pids: r.pids, files_enabled: r.files_enabled, profile: r.profile, classification: r.classification });
      const updated = await recordsRepo.updateRecord(uow.trx, id, { ...kept(record), access, revision_id: record.revision_id + 1, updated_at: this.cfg.clock.now() });
      const draft = await recordsRepo.findDraft(uow.trx, id, { forUpdate: true });
      if (draft?.access.embargo.active && draft.access.embargo.until === embargo.until) {
        const draftAccess = { ...draft.access, embargo: { ...draft.access.embargo, until } };
        await recordsRepo.updateDraft(uow.trx, id, { ...kept(draft), access: draftAccess, revision_id: draft.revision_id, updated_at: draft.updated_at });
      }
      await uow.audit({ actorId: actorOf(identity), action: 'record.embargo_extended', subjectType: 'record', subjectId: id, before: { access: record.access }, after: { access } });
      await this.emit(uow, { type: 'record.updated', id, parentId: parent.id });
      return this.result(uow.trx, updated, parent, false);
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
    const before = await this.loadDraft(this.cfg.db, id);
    await this.require(identity, 'updateDraft', before.parent, before.draft);
    return this.cfg.uow.run(async (uow) => {
      const { draft, parent } = await this.loadDraft(uow.trx, id, true);
      checkRevision(opts.revisionId, draft.revision_id);
      const added = make(draft, uow);
      if (!added) return this.result(uow.trx, draft, parent, true);
      const pids = { ...draft.pids, ...added };
      await recordsRepo.updatePids(uow.trx, 'drafts', id, pids);
      const updated = { ...draft, pids };
      await uow.audit({ actorId: actorOf(identity), action: 'draft.pids', subjectType: 'record', subjectId: id, before: { pids: draft.pids }, after: { pids } });
      await this.emit(uow, { type: 'draft.updated', id, parentId: parent.id });
      return this.result(uow.trx, updated, parent, true);
    }, opts.uow);
  }

  /**
   * The pids of a published record (deleted too), a draft or a parent, with what registering them
   * needs, for the pids context's outbox work (system use: no permission check). Undefined when gone.
   */
  async pidsOf(target: PidTarget): Promise<PidHolder | undefined> {
    const db = this.cfg.db;
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
    await this.cfg.uow.run(async (uow) => {
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
    const recordId = await recordsRepo.findByPid(this.cfg.db, 'records', scheme, identifier);
    if (recordId) return { recordId };
    const parentId = await recordsRepo.findByPid(this.cfg.db, 'parents', scheme, identifier);
    if (!parentId) return undefined;
    const versions = await recordsRepo.listVersions(this.cfg.db, parentId);
    return { parentId, latestId: (versions.find((r) => !r.deleted_at) ?? versions[0])?.id };
  }

  /** Whether any record or draft exists (the demo loader fills only an empty database). */
  async anyExists(): Promise<boolean> {
    return recordsRepo.anyParent(this.cfg.db);
  }

  /**
   * For the search indexer (the system itself: no permission check): the draft and the live
   * published record under `id` as the read methods report them (owner, access, files summary),
   * each with its files' keys (for the formats facet), and the concept's live versions. A
   * deleted record (tombstone) is reported as absent, so it leaves the index. Never throws a
   * catalogue error.
   */
  async indexSnapshot(id: string): Promise<IndexSnapshot> {
    const db = this.cfg.db;
    const draft = await recordsRepo.findDraft(db, id);
    const record = await recordsRepo.findRecord(db, id);
    const parent = draft ?? record ? await recordsRepo.findParent(db, (draft ?? record)!.parent_id) : undefined;
    if (!parent) return { id, draft: null, record: null, versions: [] };
    const entry = async (row: Row, isDraft: boolean) => ({
      ...(await this.result(db, row, parent, isDraft)),
      fileKeys: (await this.cfg.files.list(db, row.bucket_id)).map((f) => f.key),
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
    const rows = await this.cfg.db
      .selectFrom('drafts')
      .select('id')
      .where('id', '>', after)
      .union(this.cfg.db.selectFrom('records').select('id').where('id', '>', after).where('deleted_at', 'is', null))
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
    const draft = await recordsRepo.findDraft(this.cfg.db, draftId);
    if (!draft) return [];
    const found = present ? await fileFindings(this.cfg.files, this.cfg.db, draft.bucket_id, key) : [];
    // Nothing found and nothing to forget: no write.
    if (found.length === 0 && !draft.personal_data.some((f) => f.source === `file:${key}`)) return draft.personal_data;
    return this.cfg.uow.run(async (uow) => {
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
    await this.emit(uow, { type: 'files.changed', id: draft.id, parentId: draft.parent_id });
  }
}
