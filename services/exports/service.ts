/**
 * ExportsService: the `ExportView` of a record or draft for a caller, read only through the
 * records context (RecordsService, DraftFilesService), so exports obey exactly the access policy
 * of `GET /api/records/{id}`: restricted records answer 401/403, tombstones 410, and the file
 * list is filled only when the caller may download the files.
 */
import type { Identity } from '../access/identity.js';
import type { FileEntry } from '../files/service.js';
import { AppError } from '../platform/errors.js';
import type { DraftFilesService } from '../records/draft-files-service.js';
import type { RecordsService } from '../records/service.js';
import type { ExportView } from './export-view.js';
import { toExportView } from './view.js';

export interface ExportsServiceConfig {
  readonly records: RecordsService;
  readonly draftFiles: DraftFilesService;
  /** Absolute base URL for landing pages and file links. */
  readonly baseUrl: string;
  /** The DOI the pid provider will mint for an id: drafts (and records without a DOI) export under it. */
  readonly previewDoi: (id: string) => string;
}

export class ExportsService {
  readonly #c: ExportsServiceConfig;
  constructor(config: ExportsServiceConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /**
   * The published record as the caller may see it. Throws what RecordsService.read throws:
   * RecordNotFoundError (404), RecordDeletedError (410, with the tombstone), 401/403.
   */
  async view(identity: Identity, id: string): Promise<ExportView> {
    const result = await this.#c.records.read(identity, id);
    const files = await visibleFiles(() => this.#c.draftFiles.listRecordFiles(identity, id));
    return toExportView(result, files, this.#c);
  }

  /** A draft's preview, for its owners (and administrators). Throws DraftNotFoundError (404), 401/403. */
  async draftView(identity: Identity, id: string): Promise<ExportView> {
    const result = await this.#c.records.readDraft(identity, id);
    const files = await visibleFiles(() => this.#c.draftFiles.listDraftFiles(identity, id));
    return toExportView(result, files, this.#c);
  }
}

/** The listing when the policy lets the caller see the files; none when it says 401/403. */
async function visibleFiles(list: () => Promise<{ entries: FileEntry[] }>): Promise<FileEntry[]> {
  try {
    return (await list()).entries;
  } catch (err) {
    if (err instanceof AppError && (err.status === 401 || err.status === 403)) return [];
    throw err;
  }
}
