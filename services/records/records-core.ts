/**
 * What every part of the records service shares: its config, the permission check (with
 * grants), component events, loading drafts and live records, validation and results.
 */
import type { Identity } from '../access/identity.js';
import type { Action } from '../access/policy.js';
import type { GrantPermission } from '../access/tables.js';
import type { Executor } from '../platform/db/database.js';
import { ForbiddenError, UnauthenticatedError, type FieldError } from '../platform/errors.js';
import { newRecordId } from '../platform/ids.js';
import type { UnitOfWork } from '../platform/uow.js';
import type { RecordEvent } from './components.js';
import { DEFAULT_ACCESS } from './config.js';
import { DraftNotFoundError, RecordDeletedError, RecordNotFoundError } from './errors.js';
import { recordsRepo, type RecordLikeValues } from './repo.js';
import type { Classification, DraftRow, ParentRow, RecordAccess, RecordRow } from './tables.js';
import type { DraftInput, FilesSummary, RecordResult, RecordsServiceConfig, Row } from './service-types.js';
import { describeAction } from './service-support.js';

export abstract class RecordsCore {
  protected readonly cfg: RecordsServiceConfig;
  constructor(config: RecordsServiceConfig) {
    this.cfg = Object.freeze({ ...config });
  }

  // ---- permission ------------------------------------------------------------------

  /** Throws 401 for anonymous callers and 403 for users when `action` is not allowed. */
  /** Pass `db` (the transaction) when called inside a unit of work: PGlite has one connection. */
  protected async require(identity: Identity, action: Action, parent?: ParentRow, row?: Row, published = false, db: Executor = this.cfg.db): Promise<void> {
    const subject = parent && row ? { ownerId: parent.owner_id, access: row.access, published, granted: await this.granted(identity, parent, db) } : undefined;
    if (this.cfg.policy.can(identity, action, subject)) return;
    if (identity.kind === 'anonymous') throw new UnauthenticatedError('Sign in or send a bearer token to do this.');
    throw new ForbiddenError(`You may not ${describeAction(action)}.`);
  }

  /** What the caller holds on the parent through grants and secret links. */
  protected async granted(identity: Identity, parent: ParentRow, db: Executor = this.cfg.db): Promise<GrantPermission | null> {
    if (!this.cfg.grants) return null;
    // Owners, curators and admins never need a grant: skip the query for them.
    if (identity.kind === 'user' && (identity.id === parent.owner_id || identity.role !== 'depositor')) return null;
    if (identity.kind === 'anonymous' && !identity.links?.length) return null;
    return this.cfg.grants.permissionOn(identity, parent.id, db);
  }

  // ---- internals -----------------------------------------------------------------

  protected async emit(uow: UnitOfWork, event: RecordEvent): Promise<void> {
    for (const component of this.cfg.components ?? []) await component.onEvent?.(uow, event);
  }

  /** A published, not deleted record. Throws RecordNotFoundError, RecordDeletedError (410, with the tombstone). */
  protected async findLiveRecord(db: Executor, id: string, forUpdate = false): Promise<RecordRow> {
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

  protected async loadDraft(db: Executor, id: string, forUpdate = false): Promise<{ draft: DraftRow; parent: ParentRow }> {
    const draft = await recordsRepo.findDraft(db, id, { forUpdate });
    if (!draft) throw new DraftNotFoundError(`No draft ${id}.`);
    const parent = (await recordsRepo.findParent(db, draft.parent_id))!;
    return { draft, parent };
  }

  protected async freshId(db: Executor, avoid?: string): Promise<string> {
    for (;;) {
      const id = newRecordId();
      if (id !== avoid && !(await recordsRepo.idTaken(db, id))) return id;
    }
  }

  protected applyInput(input: DraftInput, base: Pick<RecordLikeValues, 'metadata' | 'access' | 'files_enabled' | 'profile'> & { classification: Classification }) {
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

  protected validate(row: Row): FieldError[] {
    const errors = this.cfg.validator.validate(row.metadata, row.profile);
    const embargo = row.access.embargo;
    if (embargo.active) {
      const until = embargo.until ? Date.parse(embargo.until) : NaN;
      const now = this.cfg.clock.now();
      const max = new Date(now);
      max.setUTCFullYear(max.getUTCFullYear() + (this.cfg.embargoMaxYears ?? 5));
      if (Number.isNaN(until)) errors.push({ pointer: '/access/embargo/until', message: 'an active embargo needs an end date' });
      else if (until <= now.getTime()) errors.push({ pointer: '/access/embargo/until', message: 'must be in the future' });
      else if (until > max.getTime()) errors.push({ pointer: '/access/embargo/until', message: `must be within ${this.cfg.embargoMaxYears ?? 5} years` });
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

  protected async filesSummary(db: Executor, row: Row): Promise<FilesSummary> {
    const s = await this.cfg.files.summary(db, row.bucket_id);
    return { enabled: row.files_enabled, count: s.count, total_bytes: s.total_bytes, pending: s.pending };
  }

  protected async result(db: Executor, row: Row, parent: ParentRow, isDraft: boolean, latestIndex?: number): Promise<RecordResult> {
    const isPublished = isDraft ? await recordsRepo.recordExists(db, row.id) : true;
    const files = await this.filesSummary(db, row);
    const versions = latestIndex ?? (await recordsRepo.latestLiveIndex(db, parent.id));
    return { row, isDraft, isPublished, parent, files, latestIndex: versions, errors: isDraft ? this.validate(row) : [] };
  }
}
