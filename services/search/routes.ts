/** HTTP for searching: parse, call the search service, serialize. No rules here. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../platform/http-schemas.js';
import { serializeRecord } from '../records/serializer.js';
import { recordSearchQuerystring, searchQuerystring, searchResponse } from './http-schemas.js';
import { FACETS, type FacetName, type SortName } from './search-index.js';
import type { SearchResult, SearchService } from './service.js';

export interface SearchRoutesOptions {
  search: SearchService;
  baseUrl: string;
}

type Query = { q?: string; sort?: SortName; page: number; size: number; after?: string; allversions?: boolean } & Partial<Record<FacetName, string[]>>;
type Req = FastifyRequest<{ Querystring: Query }>;

function params(query: Query) {
  const filters = Object.fromEntries(FACETS.filter((f) => query[f]?.length).map((f) => [f, query[f]!]));
  return {
    ...(query.q !== undefined ? { q: query.q } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    page: query.page,
    size: query.size,
    ...(query.after !== undefined ? { after: query.after } : {}),
    ...(query.allversions !== undefined ? { allVersions: query.allversions } : {}),
    filters,
  };
}

/** The InvenioRDM-shaped response: hits as GET /api/records/{id} renders them, aggregations, links. */
function render(request: Req, r: SearchResult, baseUrl: string) {
  const url = (change: (u: URL) => void) => {
    const u = new URL(`${baseUrl}${request.url}`);
    change(u);
    return u.toString();
  };
  const page = (p: number) => (u: URL) => {
    u.searchParams.delete('after');
    u.searchParams.set('page', String(p));
    u.searchParams.set('size', String(r.size));
  };
  const links: Record<string, string> = { self: url(r.usedCursor ? () => undefined : page(r.page)) };
  if (!r.usedCursor && r.page > 1) links.prev = url(page(r.page - 1));
  if (r.next) {
    // Within the page window, page numbers; beyond it (or once on a cursor), the cursor.
    links.next = url(
      r.nextPage
        ? page(r.nextPage)
        : (u) => {
            u.searchParams.delete('page');
            u.searchParams.set('size', String(r.size));
            u.searchParams.set('after', r.next!);
          },
    );
  }
  return {
    hits: { hits: r.hits.map((h) => serializeRecord(h, baseUrl)), total: r.total },
    aggregations: r.aggregations,
    sortBy: r.sort,
    links,
  };
}

/** GET /api/records: search published records. */
export async function searchRoutes(app: FastifyInstance, opts: SearchRoutesOptions): Promise<void> {
  app.get('', {
    schema: {
      tags: ['records'],
      operationId: 'searchRecords',
      summary: 'Search published records (query syntax, facets, sorts, cursor paging)',
      querystring: recordSearchQuerystring,
      response: { 200: { description: 'Hits the caller may see, with facet counts.', ...searchResponse }, ...problems(400, 503) },
    },
  }, async (request: Req) => render(request, await opts.search.searchRecords(request.identity, params(request.query)), opts.baseUrl));
}

/** GET /api/user/records: search the caller's own drafts and records. */
export async function userSearchRoutes(app: FastifyInstance, opts: SearchRoutesOptions): Promise<void> {
  app.get('/records', {
    schema: {
      tags: ['records'],
      operationId: 'listUserRecords',
      summary: 'My drafts and records (same query syntax and facets; newest change first)',
      querystring: searchQuerystring,
      response: { 200: { description: 'My drafts and records.', ...searchResponse }, ...problems(400, 401, 503) },
    },
  }, async (request: Req) => render(request, await opts.search.searchOwned(request.identity, params(request.query)), opts.baseUrl));
}
