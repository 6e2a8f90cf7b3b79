/**
 * OAI-PMH 2.0 data provider (issue 4 point 5): the six verbs over what the access policy lets
 * ANONYMOUS read. Records come from RecordsService.listPublishedSince (keyset order by
 * updated_at, which is also the datestamp) and their metadata from ExportsService; this
 * context never reads the records' tables itself.
 *
 * - Deleted records are kept (`deletedRecord=persistent`): a tombstone is listed with a
 *   `status="deleted"` header, datestamped when it was deleted, so harvesters learn of it.
 * - Restricted records never appear, not even as headers (nor as deleted ones).
 * - Granularity is seconds; `from`/`until` of either granularity are inclusive.
 * - Sets: `resource_type` (every record) with `resource_type:<resourceTypeGeneral>` under it;
 *   `group:<id>` is reserved for groups/communities and matches nothing until they exist.
 * - Lists are paged by stateless resumption tokens (see token.ts). The first request pins
 *   `until` to its response time, so a harvest that pages through a changing repository still
 *   sees each record once; what changes meanwhile comes with the next incremental harvest.
 */
import { ANONYMOUS } from '../access/identity.js';
import type { ExportView } from '../exports/export-view.js';
import type { ExportsService } from '../exports/service.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import type { PublishedEntry, PublishedQuery, RecordsService } from '../records/service.js';
import datacite from '../../schemas/datacite-4.7.schema.json' with { type: 'json' };
import { parseArguments, SET_SPEC, type OaiRequest } from './arguments.js';
import { formatUtc } from './datestamp.js';
import { OaiError, OaiErrors } from './errors.js';
import { disseminate, isSupportedPrefix, METADATA_FORMATS } from './formats.js';
import { decodeToken, encodeToken, type TokenState } from './token.js';
import { attrs, xmlText } from './xml.js';

export interface OaiConfig {
  readonly records: RecordsService;
  readonly exports: ExportsService;
  readonly clock: Clock;
  /** BASE_URL: gives the base URL of the protocol (`${baseUrl}/oai2d`) and the identifier namespace (its host). */
  readonly baseUrl: string;
  readonly repositoryName: string;
  readonly adminEmail: string;
  /** Headers or records per list response. */
  readonly pageSize: number;
  /** How long a resumption token stays valid. */
  readonly tokenTtlMs: number;
  /** DataCite repository symbol written in `oai_datacite` envelopes. */
  readonly datacentreSymbol: string;
  /** Whether the repository offers sets (false: ListSets and `set` answer noSetHierarchy). */
  readonly sets: boolean;
}

export const RESOURCE_TYPE_SET = 'resource_type';
export const GROUP_SET = 'group';

const RESOURCE_TYPES: readonly string[] = (datacite as { definitions: { resourceTypeGeneral: { enum: string[] } } }).definitions.resourceTypeGeneral.enum;

const NS = 'xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"';

export class OaiService {
  readonly #c: OaiConfig;
  readonly #host: string;
  readonly #endpoint: string;

  constructor(config: OaiConfig) {
    this.#c = Object.freeze({ ...config });
    this.#host = new URL(config.baseUrl).hostname;
    this.#endpoint = `${config.baseUrl}/oai2d`;
  }

  /** The OAI identifier of a record: `oai:<host of BASE_URL>:<id>`. */
  identifier(id: string): string {
    return `oai:${this.#host}:${id}`;
  }

  /**
   * Answers one request, given its arguments in order (query string or form body, repeats
   * kept). Protocol errors are part of the returned XML; it throws only on internal failures.
   */
  async handle(pairs: ReadonlyArray<[string, string]>): Promise<string> {
    const now = this.#c.clock.now();
    let request: OaiRequest;
    try {
      request = parseArguments(pairs);
    } catch (err) {
      // badVerb/badArgument: the request element carries no attributes (spec §3.2).
      if (err instanceof OaiErrors) return this.#envelope(now, '', errorsXml(err.errors));
      throw err;
    }
    const echo = attrs(Object.fromEntries([['verb', request.verb], ...pairs.filter(([k]) => k !== 'verb')]));
    try {
      return this.#envelope(now, echo, await this.#answer(request, now));
    } catch (err) {
      if (err instanceof OaiError) return this.#envelope(now, err.code === 'badArgument' ? '' : echo, errorsXml([err]));
      if (err instanceof OaiErrors) return this.#envelope(now, err.errors.some((e) => e.code === 'badArgument') ? '' : echo, errorsXml(err.errors));
      throw err;
    }
  }

  // ---- verbs -------------------------------------------------------------------------

  async #answer(request: OaiRequest, now: Date): Promise<string> {
    switch (request.verb) {
      case 'Identify':
        return this.#identify(now);
      case 'ListMetadataFormats':
        return this.#listMetadataFormats(request.identifier);
      case 'ListSets':
        return this.#listSets(request.resumptionToken);
      case 'GetRecord':
        return this.#getRecord(request.identifier, request.metadataPrefix);
      default:
        return this.#list(request, now);
    }
  }

  async #identify(now: Date): Promise<string> {
    const [first] = await this.#c.records.listPublishedSince(ANONYMOUS, { includeDeleted: true, limit: 1 });
    const domain = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(this.#host);
    const description = domain
      ? `<description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">` +
        `<scheme>oai</scheme><repositoryIdentifier>${xmlText(this.#host)}</repositoryIdentifier><delimiter>:</delimiter><sampleIdentifier>${xmlText(this.identifier('k3x9p-2mq7a'))}</sampleIdentifier></oai-identifier></description>`
      : '';
    return (
      `<Identify><repositoryName>${xmlText(this.#c.repositoryName)}</repositoryName><baseURL>${xmlText(this.#endpoint)}</baseURL>` +
      `<protocolVersion>2.0</protocolVersion><adminEmail>${xmlText(this.#c.adminEmail)}</adminEmail>` +
      `<earliestDatestamp>${formatUtc(first?.updatedAt ?? now)}</earliestDatestamp><deletedRecord>persistent</deletedRecord>` +
      `<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>${description}</Identify>`
    );
  }

  async #listMetadataFormats(identifier: string | undefined): Promise<string> {
    if (identifier !== undefined) {
      const entry = await this.#entry(identifier);
      // A tombstone has no metadata left to disseminate (its header still answers GetRecord).
      if (entry.deleted) throw new OaiError('noMetadataFormats', `${identifier} was deleted: no metadata formats are available for it.`);
    }
    const formats = METADATA_FORMATS.map(
      (f) => `<metadataFormat><metadataPrefix>${f.prefix}</metadataPrefix><schema>${xmlText(f.schema)}</schema><metadataNamespace>${xmlText(f.namespace)}</metadataNamespace></metadataFormat>`,
    );
    return `<ListMetadataFormats>${formats.join('')}</ListMetadataFormats>`;
  }

  async #listSets(resumptionToken: string | undefined): Promise<string> {
    if (!this.#c.sets) throw new OaiError('noSetHierarchy', 'This repository does not offer sets.');
    // The set list is short and sent whole: no token of ours ever continues it.
    if (resumptionToken !== undefined) throw new OaiError('badResumptionToken', 'ListSets is never split; this token is not one of ours.');
    const set = (spec: string, name: string) => `<set><setSpec>${xmlText(spec)}</setSpec><setName>${xmlText(name)}</setName></set>`;
    return `<ListSets>${set(RESOURCE_TYPE_SET, 'Records by resource type (DataCite resourceTypeGeneral)')}${RESOURCE_TYPES.map((t) => set(`${RESOURCE_TYPE_SET}:${t}`, `Resource type: ${t}`)).join('')}</ListSets>`;
  }

  async #getRecord(identifier: string, prefix: string): Promise<string> {
    const errors: OaiError[] = [];
    if (!isSupportedPrefix(prefix)) errors.push(new OaiError('cannotDisseminateFormat', `The metadata format "${prefix}" is not offered here; see ListMetadataFormats.`));
    let entry: PublishedEntry | undefined;
    try {
      entry = await this.#entry(identifier);
    } catch (err) {
      if (!(err instanceof OaiError)) throw err;
      errors.push(err);
    }
    if (errors.length > 0 || !entry) throw new OaiErrors(errors);
    const [record] = await this.#records([entry], prefix, true);
    if (!record) throw new OaiError('idDoesNotExist', `No public record ${identifier}.`);
    return `<GetRecord>${record}</GetRecord>`;
  }

  async #list(request: Extract<OaiRequest, { verb: 'ListIdentifiers' | 'ListRecords' }>, now: Date): Promise<string> {
    let state: Omit<TokenState, 'after' | 'expires'> & { after?: string };
    if ('resumptionToken' in request) {
      state = decodeToken(request.resumptionToken, request.verb, now.getTime());
      if (!isSupportedPrefix(state.metadataPrefix)) throw new OaiError('badResumptionToken', 'The resumption token is not one of ours.');
    } else {
      if (!isSupportedPrefix(request.metadataPrefix)) throw new OaiError('cannotDisseminateFormat', `The metadata format "${request.metadataPrefix}" is not offered here; see ListMetadataFormats.`);
      if (request.set !== undefined && !this.#c.sets) throw new OaiError('noSetHierarchy', 'This repository does not offer sets.');
      const base = {
        verb: request.verb,
        metadataPrefix: request.metadataPrefix,
        ...(request.set !== undefined ? { set: request.set } : {}),
        ...(request.from ? { from: request.from.start.getTime() } : {}),
        until: request.until ? Math.min(request.until.end.getTime(), now.getTime() + 1) : now.getTime() + 1,
        cursor: 0,
      };
      const query = this.#query(base);
      const completeListSize = query ? await this.#c.records.countPublishedSince(ANONYMOUS, query) : 0;
      if (completeListSize === 0) throw new OaiError('noRecordsMatch', 'No records match these arguments.');
      state = { ...base, completeListSize };
    }
    const query = this.#query(state);
    const size = this.#c.pageSize;
    const page = query ? await this.#c.records.listPublishedSince(ANONYMOUS, { ...query, limit: size + 1, ...(state.after ? { after: state.after } : {}) }) : [];
    const more = page.length > size;
    const entries = page.slice(0, size);
    if (entries.length === 0 && !('resumptionToken' in request)) throw new OaiError('noRecordsMatch', 'No records match these arguments.');
    const items = request.verb === 'ListRecords' ? await this.#records(entries, state.metadataPrefix, false) : entries.map((e) => this.#header(e));

    let token = '';
    const split = more || 'resumptionToken' in request;
    if (split) {
      // cursor: how many entries of the complete list came before this response.
      const common = { completeListSize: state.completeListSize, cursor: state.cursor };
      if (more) {
        const expires = now.getTime() + this.#c.tokenTtlMs;
        const next = encodeToken({ ...state, after: entries.at(-1)!.position, cursor: state.cursor + entries.length, expires });
        token = `<resumptionToken${attrs({ expirationDate: formatUtc(new Date(expires)), ...common })}>${next}</resumptionToken>`;
      } else {
        token = `<resumptionToken${attrs(common)}/>`;
      }
    }
    return `<${request.verb}>${items.join('')}${token}</${request.verb}>`;
  }

  // ---- helpers -------------------------------------------------------------------------

  /** The listing query of a list request; undefined when its set can have no members. */
  #query(s: { set?: string; from?: number; until: number }): PublishedQuery | undefined {
    const q: PublishedQuery = { includeDeleted: true, until: new Date(s.until), ...(s.from !== undefined ? { from: new Date(s.from) } : {}) };
    if (s.set === undefined || s.set === RESOURCE_TYPE_SET) return q;
    const [head, ...rest] = s.set.split(':');
    if (head === RESOURCE_TYPE_SET && rest.length === 1) return { ...q, resourceType: rest[0]! };
    // group:<id> (no groups yet) and unknown sets have no members.
    return undefined;
  }

  /** The published (or deleted) record an OAI identifier names, if ANONYMOUS may see it. Throws idDoesNotExist. */
  async #entry(identifier: string): Promise<PublishedEntry> {
    const prefix = `oai:${this.#host}:`;
    const id = identifier.startsWith(prefix) ? identifier.slice(prefix.length) : '';
    const [entry] = /^[0-9a-z-]{1,64}$/.test(id) ? await this.#c.records.listPublishedSince(ANONYMOUS, { ids: [id], includeDeleted: true, limit: 1 }) : [];
    if (!entry) throw new OaiError('idDoesNotExist', `No public record ${identifier} here.`);
    return entry;
  }

  #header(e: PublishedEntry): string {
    const set = e.resourceType && SET_SPEC.test(e.resourceType) ? `<setSpec>${RESOURCE_TYPE_SET}:${xmlText(e.resourceType)}</setSpec>` : '';
    return `<header${e.deleted ? ' status="deleted"' : ''}><identifier>${xmlText(this.identifier(e.id))}</identifier><datestamp>${formatUtc(e.updatedAt)}</datestamp>${set}</header>`;
  }

  /**
   * `<record>`s for the entries, metadata from ExportsService. A record restricted or deleted
   * since it was listed is left out or shown deleted, as a fresh list would show it.
   */
  async #records(entries: PublishedEntry[], prefix: string, single: boolean): Promise<string[]> {
    const out = await Promise.all(
      entries.map(async (e) => {
        if (e.deleted) return `<record>${this.#header(e)}</record>`;
        let view: ExportView;
        try {
          view = await this.#c.exports.view(ANONYMOUS, e.id);
        } catch (err) {
          if (err instanceof AppError && err.status === 410) return `<record>${this.#header({ ...e, deleted: true })}</record>`;
          if (err instanceof AppError && [401, 403, 404].includes(err.status)) return '';
          throw err;
        }
        return `<record>${this.#header(e)}<metadata>${disseminate(prefix, view, this.#c.datacentreSymbol)}</metadata></record>`;
      }),
    );
    return single ? out.filter(Boolean) : out;
  }

  #envelope(now: Date, requestAttrs: string, body: string): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH ${NS}><responseDate>${formatUtc(now)}</responseDate><request${requestAttrs}>${xmlText(this.#endpoint)}</request>${body}</OAI-PMH>\n`;
  }
}

function errorsXml(errors: readonly OaiError[]): string {
  return errors.map((e) => `<error code="${e.code}">${xmlText(e.message)}</error>`).join('');
}
