/**
 * HTTP for exports: `GET /api/records/{id}/export/{format}`, the owners' draft preview
 * `GET /api/records/{id}/draft/export/{format}`, and the representations that
 * `GET /api/records/{id}` offers by content negotiation (`recordRepresentations`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problems } from '../platform/http-schemas.js';
import type { RecordRepresentations } from '../records/routes.js';
import { DATACITE_XML_MEDIA_TYPE, importDataCiteXml } from './datacite-xml-import.js';
import { NotAcceptableError } from './errors.js';
import type { ExportView } from './export-view.js';
import { CITATION_MEDIA_TYPE, EXPORT_MEDIA_TYPES, negotiate } from './negotiate.js';
import { CITATION_STYLES, EXPORT_FORMAT_NAMES, EXPORT_FORMATS, formatCitation, serialize, type ExportFormat } from './registry.js';
import type { ExportsService } from './service.js';

export interface ExportRoutesOptions {
  exports: ExportsService;
}

type ExportRequest = FastifyRequest<{ Params: { id: string; format: ExportFormat } }>;

const params = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64, description: 'Record id, e.g. k3x9p-2mq7a.' },
    format: { type: 'string', enum: [...EXPORT_FORMAT_NAMES], description: 'Export format (InvenioRDM names).' },
  },
  required: ['id', 'format'],
} as const;

const exported200 = {
  200: {
    description: 'The record in the format; `Content-Type` is the format\'s media type.',
    content: Object.fromEntries(Object.values(EXPORT_FORMATS).map((f) => [f.mediaType, { schema: { type: 'string', description: f.label } }])),
  },
};

function sendExport(reply: FastifyReply, format: ExportFormat, view: ExportView, mediaType = EXPORT_FORMATS[format].mediaType): FastifyReply {
  return reply.type(`${mediaType}; charset=utf-8`).send(serialize(format, view));
}

/** The export routes, under the `/api/records` prefix. */
export async function exportRoutes(app: FastifyInstance, opts: ExportRoutesOptions): Promise<void> {
  const tags = ['exports'];
  app.get('/:id/export/:format', {
    schema: {
      tags,
      operationId: 'exportRecord',
      summary: 'Export a published record (DataCite XML/JSON, JSON-LD, CSL, BibTeX, Dublin Core)',
      description: 'Obeys the access policy of `GET /api/records/{id}`; files are listed only when the caller may download them.',
      params,
      response: { ...exported200, ...problems(400, 401, 403, 404, 410) },
    },
  }, async (request: ExportRequest, reply) => sendExport(reply, request.params.format, await opts.exports.view(request.identity, request.params.id)));

  app.get('/:id/draft/export/:format', {
    schema: {
      tags,
      operationId: 'exportDraft',
      summary: "Preview a draft's export (owners)",
      description: 'A draft without a DOI exports under the DOI it will be published under (its reserved DOI, or the one the provider will mint), which is not registered yet.',
      params,
      response: { ...exported200, ...problems(400, 401, 403, 404) },
    },
  }, async (request: ExportRequest, reply) => sendExport(reply, request.params.format, await opts.exports.draftView(request.identity, request.params.id)));
}

/** What `GET /api/records/{id}` answers besides JSON, chosen by `Accept` (plug into recordRoutes). */
export function recordRepresentations(exports: ExportsService): RecordRepresentations {
  return {
    mediaTypes: [...Object.keys(EXPORT_MEDIA_TYPES), CITATION_MEDIA_TYPE],
    async send(request, reply) {
      reply.header('vary', 'Accept');
      const accept = request.headers.accept;
      const chosen = negotiate(accept);
      if (!chosen) {
        throw new NotAcceptableError(`Nothing here matches Accept: ${accept}. Available: application/json, ${[...Object.keys(EXPORT_MEDIA_TYPES), `${CITATION_MEDIA_TYPE}; style=(${CITATION_STYLES.join('|')})`].join(', ')}.`);
      }
      if (chosen.kind === 'native') return false;
      const view = await exports.view(request.identity, request.params.id);
      if (chosen.kind === 'export') sendExport(reply, chosen.format, view, chosen.mediaType);
      else reply.type(`${CITATION_MEDIA_TYPE}; charset=utf-8`).send(formatCitation(view, chosen.style, chosen.locale));
      return true;
    },
  };
}

/** Request bodies `POST /api/records` accepts besides JSON (plug into recordRoutes). */
export const metadataImporters = Object.freeze({ [DATACITE_XML_MEDIA_TYPE]: importDataCiteXml });
