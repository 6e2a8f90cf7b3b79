/**
 * HTTP of the HTML pages (issue 4): landing pages with content negotiation and signposting,
 * linksets, the sitemap and the stylesheet. Exports by URL are the exports context's
 * `/api/records/{id}/export/{format}`. HTML only: these routes stay
 * out of the OpenAPI document, except the linkset, which machines read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotAcceptableError } from '../exports/errors.js';
import { CITATION_MEDIA_TYPE, EXPORT_MEDIA_TYPES, negotiate, parseAccept } from '../exports/negotiate.js';
import { AppError, NotFoundError } from '../platform/errors.js';
import { problems } from '../platform/http-schemas.js';
import { recordIdParams } from '../records/http-schemas.js';
import { stylesheet } from './assets.js';
import { isPlainAnonymous, type Page, type WebPages } from './service.js';
import { linksetJson, linksetText } from './signposting.js';

export interface WebRoutesOptions {
  pages: WebPages;
}

type IdReq = FastifyRequest<{ Params: { id: string } }>;

const hide = { hide: true } as const;
const HTML_TYPES = ['text/html', 'application/xhtml+xml'];

export async function webRoutes(app: FastifyInstance, opts: WebRoutesOptions): Promise<void> {
  const { pages } = opts;
  // Requests whose errors become HTML pages rather than problem+json.
  const htmlRequests = new WeakSet<FastifyRequest>();

  app.setErrorHandler(async (err, request, reply) => {
    if (htmlRequests.has(request) && err instanceof AppError && [401, 403, 404].includes(err.status)) {
      if (err.headers) reply.headers(err.headers);
      return sendPage(request, reply, pages.errorPage(err.status));
    }
    // Everything else (and every error of a machine-readable representation): the root handler's problem+json.
    throw err;
  });

  app.get(stylesheet.path, { schema: hide }, async (_request, reply) =>
    reply.type(stylesheet.contentType).header('cache-control', 'public, max-age=31536000, immutable').header('etag', stylesheet.etag).send(stylesheet.body),
  );
  // The unhashed name, for anyone who guesses it: cached briefly.
  app.get('/static/cairn.css', { schema: hide }, async (_request, reply) =>
    reply.type(stylesheet.contentType).header('cache-control', 'public, max-age=300').header('etag', stylesheet.etag).send(stylesheet.body),
  );

  app.get('/records/:id', { schema: { ...hide, params: recordIdParams } }, async (request: FastifyRequest<{ Params: { id: string }; Querystring: { style?: string; token?: string } }>, reply) => {
    reply.header('vary', 'Accept');
    // HTML for browsers (and for no Accept or */*), the export formats and formatted citations for their media types.
    const chosen = negotiate(request.headers.accept, HTML_TYPES);
    if (!chosen) throw new NotAcceptableError(`Nothing here matches Accept: ${request.headers.accept}. Available: ${[...HTML_TYPES, ...Object.keys(EXPORT_MEDIA_TYPES), CITATION_MEDIA_TYPE].join(', ')}.`);
    if (chosen.kind === 'export') {
      const e = await pages.export(request.identity, request.params.id, chosen.format);
      return reply.type(`${chosen.mediaType}; charset=utf-8`).send(e.body);
    }
    if (chosen.kind === 'citation') {
      const text = await pages.citation(request.identity, request.params.id, chosen.style, chosen.locale);
      return reply.type(`${CITATION_MEDIA_TYPE}; charset=utf-8`).send(text);
    }
    htmlRequests.add(request);
    const style = pages.style(typeof request.query.style === 'string' ? request.query.style : undefined);
    const token = typeof request.query.token === 'string' ? request.query.token : undefined;
    return sendPage(request, reply, await pages.landing(request.identity, request.params.id, style, token));
  });

  app.get('/records/:id/latest', { schema: { ...hide, params: recordIdParams } }, async (request: IdReq, reply) => {
    htmlRequests.add(request);
    return reply.redirect(await pages.latestUrl(request.identity, request.params.id), 302);
  });

  app.get('/records/:id/linkset', {
    schema: {
      tags: ['records'],
      operationId: 'getRecordLinkset',
      summary: 'FAIR Signposting linkset of a published record (RFC 9264)',
      description:
        'The typed links of the landing page (cite-as, describedby, item, author, license, type), with `describes`/`collection` links back from the metadata and file resources. ' +
        'JSON (`application/linkset+json`) by default; `application/linkset` when the Accept header prefers it or with `?format=text`.',
      params: recordIdParams,
      querystring: { type: 'object', properties: { format: { enum: ['json', 'text'], description: 'Overrides the Accept header.' } } },
      response: {
        200: {
          description: 'The linkset.',
          content: {
            'application/linkset+json': { schema: { type: 'object', properties: { linkset: { type: 'array', items: { type: 'object', additionalProperties: true } } } } },
            'application/linkset': { schema: { type: 'string' } },
          },
        },
        ...problems(400, 401, 403, 404, 410),
      },
    },
  }, async (request: FastifyRequest<{ Params: { id: string }; Querystring: { format?: 'json' | 'text' } }>, reply) => {
    const signposts = await pages.signposts(request.identity, request.params.id);
    reply.header('vary', 'Accept').header('cache-control', isPlainAnonymous(request.identity) ? 'public, max-age=60' : 'private, no-cache');
    const text = request.query.format ? request.query.format === 'text' : prefersTextLinkset(request.headers.accept);
    if (text) return reply.type('application/linkset; charset=utf-8').send(linksetText(signposts));
    return reply.type('application/linkset+json; charset=utf-8').send(JSON.stringify(linksetJson(signposts)));
  });

  app.get('/sitemap.xml', { schema: hide }, async (_request, reply) => sendSitemap(reply, await pages.sitemap(0)));
  app.get('/sitemaps/:file', { schema: hide }, async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const m = /^([1-9]\d{0,6})\.xml$/.exec(request.params.file);
    return sendSitemap(reply, m ? await pages.sitemap(Number(m[1])) : undefined);
  });
}

function sendPage(request: FastifyRequest, reply: FastifyReply, page: Page) {
  reply.headers(page.headers).header('etag', page.etag);
  if (page.status === 200 && request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  return reply.code(page.status).type('text/html; charset=utf-8').send(page.body);
}

function sendSitemap(reply: FastifyReply, body: string | undefined) {
  if (body === undefined) throw new NotFoundError('No such sitemap.');
  return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
}

/** True when the Accept header ranks `application/linkset` above `application/linkset+json`. */
function prefersTextLinkset(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const q = (type: string) => Math.max(-1, ...ranges.filter((r) => `${r.type}/${r.subtype}` === type).map((r) => r.q));
  return q('application/linkset') > q('application/linkset+json');
}
