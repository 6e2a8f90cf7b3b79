/**
 * What every serializer (DataCite XML/JSON, JSON-LD, CSL, BibTeX, Dublin Core, citations),
 * the landing page and OAI-PMH read: one published record, already checked by the access
 * policy for the caller, with absolute URLs.
 */
import type { Metadata } from '../records/tables.js';

export interface ExportFile {
  key: string;
  size: number;
  mimetype: string;
  /** md5:<hex> */
  checksum: string;
  /** Absolute download URL. */
  url: string;
}

export interface ExportView {
  id: string;
  parentId: string;
  /** The version's DOI (e.g. 10.5072/cairn.k3x9p-2mq7a), if it has one. */
  doi?: string;
  /** The concept DOI on the parent, resolving to the latest version. */
  conceptDoi?: string;
  /** Where `doi` is registered: `local` (this repository's resolver only; 10.5072 never resolves at doi.org) or `datacite`. */
  doiProvider?: string;
  /** `reserved` (draft DOI), `pending` (waiting for the registration agency), `registered` or `findable`. */
  doiStatus?: string;
  /**
   * Set when `doi` is not: the DOI a draft will be published under (its reserved DOI or the one the
   * provider will mint under its prefix). Formats that require an identifier (DataCite XML) use it;
   * it is not a registered DOI.
   */
  previewDoi?: string;
  /** True for a draft's preview (`GET /api/records/{id}/draft/export/{format}`). */
  isDraft?: boolean;
  /** DataCite 4.7 metadata in REST API JSON form. */
  metadata: Metadata;
  versionIndex: number;
  isLatest: boolean;
  publicationDate: string;
  updated: string;
  /** Absolute landing page URL (`${BASE_URL}/records/{id}`). */
  url: string;
  access: { record: 'public' | 'restricted'; files: 'public' | 'restricted'; status: string; embargo: { active: boolean; until: string | null; reason: string | null } };
  /** The files, only when the caller may see them (else empty). */
  files: ExportFile[];
  /** Set when the record was deleted (tombstone). */
  tombstone?: { removedAt: string; reason: string | null };
}
