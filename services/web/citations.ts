/**
 * Citations on the pages: the style menu, a memo of formatted citations (citation-js takes
 * milliseconds per record), the plain fallback, and the citation of a deleted record from
 * what its tombstone keeps.
 */
import type { ExportView } from '../exports/export-view.js';
import { CITATION_STYLES, formatCitation } from '../exports/registry.js';
import { AppError } from '../platform/errors.js';
import type { Pids } from '../records/tables.js';
import { mainTitle, people } from './metadata.js';

const STYLE_LABELS: Readonly<Record<string, string>> = {
  apa: 'APA',
  harvard1: 'Harvard',
  vancouver: 'Vancouver',
  chicago: 'Chicago',
  ieee: 'IEEE',
  mla: 'MLA',
};

/** The styles offered on the page, with readable names. */
export const STYLE_MENU: ReadonlyArray<{ id: string; label: string }> = Object.freeze(CITATION_STYLES.map((id) => ({ id, label: STYLE_LABELS[id] ?? id })));

export const DEFAULT_STYLE = CITATION_STYLES.includes('apa') ? 'apa' : (CITATION_STYLES[0] ?? 'apa');

/** The formatted citation; a plain one when the formatter cannot handle the record. Never throws. */
export function citationOf(view: ExportView, style: string): string {
  try {
    const text = formatCitation(view, style, 'en-US').trim();
    if (text) return text;
  } catch {
    // fall through to the plain citation
  }
  const m = view.metadata;
  const names = people(m.creators).map((p) => p.name).join('; ');
  const year = typeof m.publicationYear === 'string' || typeof m.publicationYear === 'number' ? String(m.publicationYear) : view.publicationDate.slice(0, 4);
  return `${names ? `${names} ` : ''}(${year}). ${mainTitle(m)}.${view.doi ? ` https://doi.org/${view.doi}` : ` ${view.url}`}`;
}

/** Formatted citations remembered by record, revision time, DOI and style (the metadata changes only with `updated`). */
export class CitationMemo {
  readonly #memo = new Map<string, string>();
  constructor(private readonly size: number) {}

  get(view: ExportView, style: string): string {
    const key = `${view.id}\u0000${view.updated}\u0000${view.doi ?? ''}\u0000${style}`;
    let text = this.#memo.get(key);
    if (text === undefined) {
      text = citationOf(view, style);
      if (this.#memo.size >= this.size) this.#memo.delete(this.#memo.keys().next().value!);
      this.#memo.set(key, text);
    }
    return text;
  }
}

/** A deleted record, as RecordsService reports it in RecordDeletedError's `extra.tombstone`. */
export interface Tombstone {
  id: string;
  parent_id: string;
  removed_at: string;
  reason: string | null;
  pids?: Pids;
  citation?: Record<string, unknown>;
}

/** The tombstone a 410 error carries, if it is one. */
export function tombstoneOf(err: unknown): Tombstone | undefined {
  if (!(err instanceof AppError) || err.status !== 410) return undefined;
  const t = err.extra?.tombstone as Tombstone | undefined;
  return t && typeof t.id === 'string' ? t : undefined;
}

/** A minimal view of a deleted record: enough to cite it. */
export function tombstoneView(t: Tombstone, url: string, doi: string | undefined): ExportView {
  const year = t.citation?.publicationYear;
  return {
    id: t.id,
    parentId: t.parent_id,
    ...(doi ? { doi } : {}),
    metadata: { ...(t.citation ?? {}) },
    versionIndex: 1,
    isLatest: false,
    publicationDate: typeof year === 'string' || typeof year === 'number' ? `${year}-01-01T00:00:00.000Z` : t.removed_at,
    updated: t.removed_at,
    url,
    access: { record: 'public', files: 'restricted', status: 'metadata-only', embargo: { active: false, until: null, reason: null } },
    files: [],
    tombstone: { removedAt: t.removed_at, reason: t.reason },
  };
}
