/**
 * The server-rendered pages of published records: landing page (with signposting), tombstone,
 * linkset, content-negotiated exports and the sitemap. It reads through ExportsService (policy-checked
 * views) and RecordsService (versions, enumeration), never the database; pages for anonymous
 * readers are kept in a PageCache that record changes purge.
 */
import { createHash } from 'node:crypto';
import { ANONYMOUS, type Identity } from '../access/identity.js';
import type { ExportView } from '../exports/export-view.js';
import { CITATION_STYLES, EXPORT_FORMATS, formatCitation, serialize, type ExportFormat } from '../exports/registry.js';
import type { ExportsService } from '../exports/service.js';
import type { RecordResult, RecordsService } from '../records/service.js';
import { citationOf, CitationMemo, DEFAULT_STYLE, STYLE_MENU, tombstoneOf, tombstoneView, type Tombstone } from './citations.js';
import { highwireTags } from './highwire.js';
import { html, jsonForScript } from './html.js';
import { layout } from './layout.js';
import { language, mainTitle, type Related } from './metadata.js';
import { ANY_PARENT, type CachedPage, type PageCache } from './page-cache.js';
import { recordSignposts } from './record-signposts.js';
import { descriptionText } from './sanitize.js';
import { linkHeader, type Signposts } from './signposting.js';
import { sitemapIndex, urlset } from './sitemap.js';
import { landingMain, type LandingModel } from './views/landing.js';
import { errorMain, errorTitle, tombstoneMain, type TombstoneModel } from './views/pages.js';

export interface WebConfig {
  readonly exports: ExportsService;
  readonly records: RecordsService;
  readonly cache: PageCache;
  /** BASE_URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The prefix of the DOIs minted here (their landing pages are ours, through `/doi/{doi}`). */
  readonly doiPrefix: string;
  readonly siteName: string;
  /** URLs per sitemap file (the protocol allows 50,000); more records make a sitemap index. */
  readonly sitemapPageSize: number;
  /** How many versions the landing page lists (newest first). */
  readonly versionsShown: number;
}

export type Page = CachedPage;

const SECURITY_HEADERS = Object.freeze({
  // The pages run no script; the JSON-LD block is data, which CSP does not execute.
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
});

/** Anonymous and without a secret link: sees exactly what anyone sees (so pages may be shared). */
export function isPlainAnonymous(identity: Identity): boolean {
  return identity.kind === 'anonymous' && !identity.links?.length;
}

export class WebPages {
  readonly #c: WebConfig;
  readonly #citations = new CitationMemo(5_000);

  constructor(config: WebConfig) {
    this.#c = Object.freeze({ ...config });
  }

  /** The citation style to use for `?style=` (unknown or absent: the default). Never throws. */
  style(asked: string | undefined): string {
    return asked && CITATION_STYLES.includes(asked) ? asked : DEFAULT_STYLE;
  }

  /**
   * The landing page (200) or, for a deleted record, its tombstone (410). Throws the
   * policy's 401/403 and RecordNotFoundError (404), for the routes to render as HTML.
   */
  async landing(identity: Identity, id: string, style: string, token?: string): Promise<Page> {
    const anonymous = isPlainAnonymous(identity);
    const key = `landing\u0000${id}\u0000${style}`;
    if (anonymous) {
      const hit = this.#c.cache.get(key);
      if (hit) return hit;
    }
    const started = this.#c.cache.stamp();
    // Both go through the access policy; on PostgreSQL they run side by side.
    const [view, versions] = await Promise.allSettled([this.#c.exports.view(identity, id), this.#c.records.listVersions(identity, id, { page: 1, size: this.#c.versionsShown })]);
    if (view.status === 'rejected') {
      const tombstone = tombstoneOf(view.reason);
      if (!tombstone) throw view.reason;
      const page = await this.#tombstonePage(identity, tombstone, style);
      if (anonymous) this.#c.cache.set(key, tombstone.parent_id, page, started);
      return page;
    }
    if (versions.status === 'rejected') throw versions.reason;
    const page = this.#landingPage(view.value, versions.value, style, anonymous && view.value.access.record === 'public', anonymous ? undefined : token);
    if (anonymous) this.#c.cache.set(key, view.value.parentId, page, started);
    return page;
  }

  /** The signposts of a record (for its linkset). Throws 401/403/404/410. */
  async signposts(identity: Identity, id: string): Promise<Signposts> {
    const view = await this.#c.exports.view(identity, id);
    return recordSignposts(view, { doiRegistered: this.#doiRegistered(view), exportUrl: (id, f) => this.exportUrl(id, f) });
  }

  /** One export of a record, for content negotiation on the landing URL. Throws 401/403/404/410. */
  async export(identity: Identity, id: string, format: ExportFormat): Promise<{ body: string; mediaType: string }> {
    const view = await this.#c.exports.view(identity, id);
    return { body: serialize(format, view), mediaType: EXPORT_FORMATS[format].mediaType };
  }

  /** The formatted citation (`text/x-bibliography`). Throws 401/403/404/410, UnknownCitationStyleError (400). */
  async citation(identity: Identity, id: string, style?: string, locale?: string): Promise<string> {
    return formatCitation(await this.#c.exports.view(identity, id), style ?? DEFAULT_STYLE, locale);
  }

  /** Where the newest visible version of the record lives. Throws like RecordsService.latestVersionId. */
  async latestUrl(identity: Identity, id: string): Promise<string> {
    return this.#recordUrl(await this.#c.records.latestVersionId(identity, id));
  }

  /** An HTML error page (401/403/404) that names nothing of the record. */
  errorPage(status: number): Page {
    const body = layout({ title: errorTitle(status), siteName: this.#c.siteName, main: errorMain(status), head: html`<meta name="robots" content="noindex">` }).value;
    return { status, body, headers: { ...SECURITY_HEADERS, 'cache-control': 'no-store' }, etag: etagOf(body) };
  }

  /**
   * `/sitemap.xml` (page 0): the URL set of every public record, or, past one page, a sitemap
   * index of `/sitemaps/{n}.xml`. Page n ≥ 1: that part. Undefined for a page that does not exist.
   */
  async sitemap(page: number): Promise<string | undefined> {
    const key = `sitemap\u0000${page}`;
    const hit = this.#c.cache.get(key);
    if (hit) return hit.body;
    const started = this.#c.cache.stamp();
    const size = this.#c.sitemapPageSize;
    const total = await this.#c.records.countPublishedSince(ANONYMOUS, {});
    const pages = Math.max(1, Math.ceil(total / size));
    let body: string | undefined;
    if (page === 0 && pages > 1) {
      // Part n ends with the entry at position starts[n-1] (keyset order is by change time),
      // so that is its newest change; the last, partial part has no such entry: no lastmod.
      const starts = await this.#c.records.publishedPageStarts(ANONYMOUS, {}, size);
      body = sitemapIndex(Array.from({ length: pages }, (_, i) => ({ loc: `${this.#c.baseUrl}/sitemaps/${i + 1}.xml`, lastmod: starts[i]?.split('_')[0] })));
    } else if ((page === 0 && pages === 1) || (page >= 1 && page <= pages && pages > 1)) {
      const after = page > 1 ? (await this.#c.records.publishedPageStarts(ANONYMOUS, {}, size))[page - 2] : undefined;
      const entries = await this.#c.records.listPublishedSince(ANONYMOUS, { limit: size, ...(after ? { after } : {}) });
      body = urlset(entries.map((e) => ({ loc: this.#recordUrl(e.id), lastmod: e.updatedAt.toISOString() })));
    }
    if (body !== undefined) this.#c.cache.set(key, ANY_PARENT, { status: 200, body, headers: {}, etag: etagOf(body) }, started);
    return body;
  }

  // ---- internals -----------------------------------------------------------------

  #recordUrl(id: string): string {
    return `${this.#c.baseUrl}/records/${encodeURIComponent(id)}`;
  }

  /** The address of one export of a record (the exports context's route). */
  exportUrl(id: string, format: ExportFormat): string {
    return `${this.#c.baseUrl}/api/records/${encodeURIComponent(id)}/export/${format}`;
  }

  /** Whether the DOI resolves at doi.org: the `local` provider (test prefix) never registers anything. */
  #doiRegistered(view: ExportView): boolean {
    if (!view.doi) return false;
    if (view.doiProvider !== undefined) return view.doiProvider !== 'local' && (view.doiStatus === undefined || view.doiStatus === 'registered' || view.doiStatus === 'findable');
    return !view.doi.startsWith('10.5072/');
  }

  /** The landing page; `shared` when it may be kept by shared caches (what anyone may see). */
  #landingPage(view: ExportView, versions: { hits: RecordResult[]; total: number }, style: string, shared: boolean, token: string | undefined): Page {
    const keep = token ? `?token=${encodeURIComponent(token)}` : '';
    const doiRegistered = this.#doiRegistered(view);
    const signposts = recordSignposts(view, { doiRegistered, exportUrl: (id, f) => this.exportUrl(id, f) });
    const jsonLd = safeSerialize('json-ld', view);
    const model: LandingModel = {
      view,
      doiRegistered,
      versions: {
        items: versions.hits.map((h) => ({
          id: h.row.id,
          index: h.row.version_index,
          publicationDate: 'publication_date' in h.row ? h.row.publication_date.toISOString() : h.row.created_at.toISOString(),
          url: `${this.#recordUrl(h.row.id)}${keep}`,
        })),
        total: versions.total,
        latestId: versions.hits[0]?.row.id,
      },
      citation: { style, text: this.#citations.get(view, style), styles: STYLE_MENU },
      exports: (Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((f) => ({ label: EXPORT_FORMATS[f].label, url: this.exportUrl(view.id, f), mediaType: EXPORT_FORMATS[f].mediaType })),
      localRecordUrl: (r) => this.#localRecordUrl(r),
      ...(token ? { token } : {}),
    };
    const head = html`<meta name="description" content="${descriptionSnippet(view)}">
<link rel="canonical" href="${view.url}">
${signposts.links.filter((l) => l.rel === 'cite-as' || l.rel === 'describedby' || l.rel === 'license').map((l) => html`<link rel="${l.rel}" href="${l.href}"${l.type ? html` type="${l.type}"` : ''}>\n`)}
<link rel="linkset" href="${this.#recordUrl(view.id)}/linkset" type="application/linkset+json">
${highwireTags(view)}
${jsonLd ? html`<script type="application/ld+json">${jsonForScript(jsonLd)}</script>` : ''}`;
    const body = layout({ title: mainTitle(view.metadata), lang: language(view.metadata) ?? 'en', siteName: this.#c.siteName, head, main: landingMain(model), mainClass: 'record' }).value;
    return {
      status: 200,
      body,
      headers: {
        ...SECURITY_HEADERS,
        link: linkHeader(signposts, `${this.#recordUrl(view.id)}/linkset`),
        // Shared caches may keep public pages briefly; what a credential or a secret link shows stays private.
        'cache-control': shared ? 'public, max-age=60' : 'private, no-cache',
        vary: 'Accept, Authorization, Cookie',
      },
      etag: etagOf(body),
    };
  }

  async #tombstonePage(identity: Identity, t: Tombstone, style: string): Promise<Page> {
    // RecordsService reports a tombstone before it asks the policy: show its citation only
    // to callers who could read the record (a restricted record's title stays hidden).
    const visible = (await this.#c.records.listPublishedSince(identity, { ids: [t.id], includeDeleted: true, limit: 1 })).length > 0;
    const doi = Object.values(t.pids ?? {}).find((p) => /^10\./.test(p.identifier))?.identifier;
    const model: TombstoneModel = { id: t.id, removedAt: t.removed_at, reason: visible ? t.reason : null };
    if (visible && t.citation) {
      model.title = mainTitle(t.citation);
      model.citation = citationOf(tombstoneView(t, this.#recordUrl(t.id), doi), style);
    }
    if (visible && doi) model.doi = doi;
    const body = layout({ title: model.title ?? 'Removed record', siteName: this.#c.siteName, main: tombstoneMain(model), head: html`<meta name="robots" content="noindex">` }).value;
    return { status: 410, body, headers: { ...SECURITY_HEADERS, 'cache-control': 'public, max-age=300' }, etag: etagOf(body) };
  }

  /**
   * A link here for a related identifier naming one of our records (derived data, its
   * sources): our landing URL as is, or a DOI under our prefix through our DOI resolver.
   */
  #localRecordUrl(r: Related): string | undefined {
    if ((r.type === 'URL' || r.type === '') && r.identifier.startsWith(`${this.#c.baseUrl}/records/`)) return r.identifier;
    if (r.type === 'DOI') {
      const doi = r.identifier.trim().replace(/^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)/i, '');
      if (doi.toLowerCase().startsWith(`${this.#c.doiPrefix.toLowerCase()}/`)) return `${this.#c.baseUrl}/doi/${doi.split('/').map(encodeURIComponent).join('/')}`;
    }
    return undefined;
  }
}

function safeSerialize(format: ExportFormat, view: ExportView): string | undefined {
  try {
    return serialize(format, view);
  } catch {
    return undefined;
  }
}

function descriptionSnippet(view: ExportView): string {
  const abstract = ((view.metadata.descriptions ?? []) as Array<Record<string, unknown>>).find((d) => typeof d?.description === 'string');
  const text = typeof abstract?.description === 'string' ? descriptionText(abstract.description) : '';
  return text.length > 300 ? `${text.slice(0, 297)}…` : text || mainTitle(view.metadata);
}

function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

