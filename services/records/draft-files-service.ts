/**
 * Files of drafts and records, as the records context sees them: permission from the
 * record (via RecordsService), audit entries on the record, storage by FilesService.
 * Streaming happens outside any transaction; the audit entry commits with the change.
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Identity } from '../access/identity.js';
import type { ByteRange } from '../files/file-store.js';
import type { FileEntry, FileInit, FilesService, ReceiveOptions, StoredPart } from '../files/service.js';
import type { Database } from '../platform/db/database.js';
import type { UnitOfWork, UnitOfWorkFactory } from '../platform/uow.js';
import type { RecordsService } from './service.js';
import type { DraftRow } from './tables.js';

export interface DraftFilesServiceConfig {
  readonly db: Kysely<Database>;
  readonly uow: UnitOfWorkFactory;
  readonly records: RecordsService;
  readonly files: FilesService;
}

export interface FileListing {
  enabled: boolean;
  entries: FileEntry[];
}

function fileAudit(entry: FileEntry) {
  return { key: entry.key, size: entry.size, checksum: entry.checksum, status: entry.status };
}

export class DraftFilesService {
  readonly #c: DraftFilesServiceConfig;
  constructor(config: DraftFilesServiceConfig) {
    this.#c = Object.freeze({ ...config });
  }

  #audit(identity: Identity, id: string, action: string, before?: FileEntry, after?: FileEntry) {
    return (uow: UnitOfWork) =>
      uow.audit({
        actorId: identity.kind === 'user' ? identity.id : null,
        action,
        subjectType: 'record',
        subjectId: id,
        ...(before ? { before: fileAudit(before) } : {}),
        ...(after ? { after: fileAudit(after) } : {}),
      });
  }

  /** The draft's files. Throws DraftNotFoundError, 401/403. */
  async listDraftFiles(identity: Identity, id: string): Promise<FileListing> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'readDraft');
    return { enabled: draft.files_enabled, entries: await this.#c.files.list(this.#c.db, draft.bucket_id) };
  }

  /** Declares files (keys, optional sizes/checksums, multipart transfers). Throws as FilesService.initFiles, 401/403/404. */
  async initDraftFiles(identity: Identity, id: string, entries: FileInit[]): Promise<FileEntry[]> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'updateDraft');
    return this.#c.uow.run(async (uow) => {
      const created = await this.#c.files.initFiles(uow, draft.bucket_id, entries);
      for (const entry of created) await this.#audit(identity, id, 'file.init', undefined, entry)(uow);
      await this.#c.records.filesChanged(uow, draft);
      return created;
    });
  }

  async getDraftFile(identity: Identity, id: string, key: string): Promise<FileEntry> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'readDraft');
    return this.#c.files.get(this.#c.db, draft.bucket_id, key);
  }

  /** Streams a file's content into the draft (not committed yet). Throws 400/404/409/413/422, 401/403. */
  async putDraftContent(identity: Identity, id: string, key: string, stream: Readable, opts: ReceiveOptions): Promise<FileEntry> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'updateDraft');
    let stored: FileEntry | undefined;
    const entry = await this.#c.files.putContent(draft.bucket_id, key, stream, {
      ...opts,
      inTx: async (uow) => {
        stored = await this.#c.files.get(uow.trx, draft.bucket_id, key);
        await this.#audit(identity, id, 'file.upload', undefined, stored)(uow);
        await this.#c.records.filesChanged(uow, draft);
      },
    });
    return stored ?? entry;
  }

  /** Streams one part of a multipart upload (re-sending a part replaces it). */
  async putDraftPart(identity: Identity, id: string, key: string, part: number, stream: Readable, opts: { contentLength?: number; md5?: string }): Promise<StoredPart> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'updateDraft');
    return this.#c.files.putPart(draft.bucket_id, key, part, stream, opts);
  }

  /**
   * Completes an upload (assembling parts), then scans a tabular file for personal
   * identifiers before answering, so a publish that follows sees the findings.
   * Throws 400/404/409/422, 401/403.
   */
  async commitDraftFile(identity: Identity, id: string, key: string): Promise<FileEntry> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'updateDraft');
    const entry = await this.#commit(identity, id, draft, key);
    await this.#c.records.scanDraftFile(id, key, true);
    return entry;
  }

  #commit(identity: Identity, id: string, draft: DraftRow, key: string): Promise<FileEntry> {
    return this.#c.files.commit(draft.bucket_id, key, {
      inTx: async (uow, entry) => {
        await this.#audit(identity, id, 'file.commit', undefined, entry)(uow);
        await this.#c.records.filesChanged(uow, draft);
      },
    });
  }

  /** Declares, uploads and commits one file in one go (browser form uploads). */
  async uploadDraftFile(identity: Identity, id: string, key: string, stream: Readable, opts: ReceiveOptions & { mimetype?: string }): Promise<FileEntry> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'updateDraft');
    const exists = await this.#c.files.list(this.#c.db, draft.bucket_id).then((all) => all.some((e) => e.key === key));
    if (!exists) await this.initDraftFiles(identity, id, [{ key, ...(opts.mimetype ? { mimetype: opts.mimetype } : {}) }]);
    await this.putDraftContent(identity, id, key, stream, opts);
    return this.commitDraftFile(identity, id, key);
  }

  async deleteDraftFile(identity: Identity, id: string, key: string): Promise<void> {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'updateDraft');
    await this.#c.uow.run(async (uow) => {
      const deleted = await this.#c.files.deleteFile(uow, draft.bucket_id, key);
      await this.#audit(identity, id, 'file.delete', deleted)(uow);
      await this.#c.records.filesChanged(uow, draft);
    });
    await this.#c.records.scanDraftFile(id, key, false);
  }

  /** Owners may read back what they uploaded to a draft. */
  async openDraftContent(identity: Identity, id: string, key: string, range?: ByteRange) {
    const { draft } = await this.#c.records.draftForFiles(identity, id, 'readDraft');
    return this.#c.files.openContent(this.#c.db, draft.bucket_id, key, range);
  }

  /** A published record's files; the policy decides (public files, owner, curator). */
  async listRecordFiles(identity: Identity, id: string): Promise<FileListing> {
    const { record } = await this.#c.records.recordForFiles(identity, id);
    return { enabled: record.files_enabled, entries: await this.#c.files.list(this.#c.db, record.bucket_id) };
  }

  async getRecordFile(identity: Identity, id: string, key: string): Promise<FileEntry> {
    const { record } = await this.#c.records.recordForFiles(identity, id);
    return this.#c.files.get(this.#c.db, record.bucket_id, key);
  }

  async openRecordContent(identity: Identity, id: string, key: string, range?: ByteRange) {
    const { record } = await this.#c.records.recordForFiles(identity, id);
    return this.#c.files.openContent(this.#c.db, record.bucket_id, key, range);
  }

}
