/**
 * HTTP of the OAI-PMH endpoint (`/oai2d`): GET with a query string or POST with an
 * `application/x-www-form-urlencoded` body (spec §3.1.1). Every protocol outcome, errors
 * included, is a 200 `text/xml` answer; the arguments are read from the raw request so that
 * repeated arguments can be reported.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems } from '../platform/http-schemas.js';
import { OaiFormRequiredError } from './errors.js';
import type { OaiService } from './service.js';

export interface OaiRoutesOptions {
  oai: OaiService;
}

const FORM = 'application/x-www-form-urlencoded';
const XML = 'text/xml; charset=utf-8';

const argument = (description: string) => ({ type: 'string', description });

const querystring = {
  type: 'object',
  properties: {
    verb: { type: 'string', enum: ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'], description: 'The OAI-PMH verb.' },
    identifier: argument('An item identifier, `oai:<host>:<record id>` (GetRecord, ListMetadataFormats).'),
    metadataPrefix: argument('`oai_dc`, `oai_datacite` or `datacite` (GetRecord, ListIdentifiers, ListRecords).'),
    from: argument('Lower bound of datestamps, inclusive: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC).'),
    until: argument('Upper bound of datestamps, inclusive, in the same granularity as `from`.'),
    set: argument('`resource_type`, `resource_type:<resourceTypeGeneral>` (e.g. `resource_type:Dataset`) or `group:<id>`.'),
    resumptionToken: argument('Continues a list; exclusive (send it with the verb alone).'),
  },
} as const;

const oaiResponse = {
  200: { description: 'An OAI-PMH response (protocol errors are `<error>` elements in a 200 answer).', content: { 'text/xml': { schema: { type: 'string' } } } },
};

function pairsOf(raw: string): Array<[string, string]> {
  return [...new URLSearchParams(raw)];
}

export async function oaiRoutes(app: FastifyInstance, opts: OaiRoutesOptions): Promise<void> {
  const { oai } = opts;
  // Form bodies only here (encapsulated): parsed by hand below, so repeats survive.
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
  // Arguments are checked by the protocol (errors in XML), not by the schema (problem+json):
  // the schema documents them only.
  const acceptAll = () => () => true;
  const tags = ['oai-pmh'];

  app.get('', {
    schema: { tags, operationId: 'oaiPmh', summary: 'OAI-PMH 2.0 (all six verbs)', description: 'The OAI-PMH 2.0 data provider. Protocol errors are reported as `<error code="…">` elements of a 200 answer.', querystring, response: { ...oaiResponse, ...problems(400) } },
    validatorCompiler: acceptAll,
  }, async (request, reply) => {
    const q = request.url.indexOf('?');
    return reply.type(XML).send(await oai.handle(pairsOf(q >= 0 ? request.url.slice(q + 1) : '')));
  });

  app.post('', {
    schema: {
      tags,
      operationId: 'oaiPmhPost',
      summary: 'OAI-PMH 2.0 by POST (form-encoded arguments)',
      body: { ...querystring, description: 'The same arguments as GET, as `application/x-www-form-urlencoded`.' },
      consumes: [FORM],
      response: { ...oaiResponse, ...problems(400, 413, 415) },
    },
    validatorCompiler: acceptAll,
  }, async (request: FastifyRequest, reply) => {
    const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== FORM) throw new OaiFormRequiredError(`OAI-PMH requests by POST must be ${FORM}.`);
    return reply.type(XML).send(await oai.handle(pairsOf(typeof request.body === 'string' ? request.body : '')));
  });
}
