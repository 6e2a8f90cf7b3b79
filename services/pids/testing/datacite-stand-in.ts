/**
 * A stand-in for the DataCite REST API (we cannot reach DataCite from the tests): a node:http server
 * on 127.0.0.1 speaking its documented JSON:API for `/dois` — Basic auth with the repository id and
 * password (401 `Bad credentials.`), `POST /dois` (201; 422 when the DOI is taken), `PUT /dois/{doi}`
 * (200; creates a missing DOI, as DataCite does), `GET /dois/{doi}` (200/404), the states draft →
 * registered → findable moved by `event` (publish, register, hide), and 422 `{errors: [{source,
 * uid, title}]}` when a registered or findable DOI lacks its mandatory metadata or `url`.
 * It records every request, and can be told to fail (500) or to be down (connection reset).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  /** The repository id of the Basic credentials. */
  user: string | undefined;
  body: { data?: { type?: string; id?: string; attributes?: Record<string, unknown> } } | undefined;
}

export interface StandInDoi {
  doi: string;
  state: 'draft' | 'registered' | 'findable';
  attributes: Record<string, unknown>;
}

export interface DataCiteStandIn {
  readonly url: string;
  readonly requests: StandInRequest[];
  readonly dois: Map<string, StandInDoi>;
  /** The next `n` requests answer `status` (default 500) with a JSON:API error. */
  failNext(n: number, status?: number): void;
  /** While down, connections are reset without an answer. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

const MANDATORY = ['creators', 'titles', 'publisher', 'publicationYear', 'types'];

export async function startDataCiteStandIn(opts: { repositoryId: string; password: string; prefix: string }): Promise<DataCiteStandIn> {
  const requests: StandInRequest[] = [];
  const dois = new Map<string, StandInDoi>();
  let failures = 0;
  let failStatus = 500;
  let down = false;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/vnd.api+json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const errors = (res: http.ServerResponse, status: number, list: Array<Record<string, string>>) => send(res, status, { errors: list });
  const resource = (d: StandInDoi) => ({
    data: { id: d.doi, type: 'dois', attributes: { ...d.attributes, doi: d.doi, state: d.state }, relationships: { client: { data: { id: opts.repositoryId.toLowerCase(), type: 'clients' } } } },
  });

  /** Applies `event` and checks what registered and findable DOIs must have. Returns a 422 error list or the new state. */
  const transition = (doi: string, state: StandInDoi['state'], attrs: Record<string, unknown>, event: unknown): StandInDoi['state'] | Array<Record<string, string>> => {
    let next = state;
    if (event === 'publish') next = 'findable';
    else if (event === 'register') next = state === 'draft' ? 'registered' : state;
    else if (event === 'hide') next = state === 'findable' ? 'registered' : state;
    else if (event !== undefined) return [{ source: 'event', uid: doi, title: 'Is invalid' }];
    if (next === 'draft') return next;
    const missing = [...MANDATORY, 'url'].filter((k) => attrs[k] === undefined || attrs[k] === null || (Array.isArray(attrs[k]) && (attrs[k] as unknown[]).length === 0));
    if (!(attrs.types as { resourceTypeGeneral?: unknown } | undefined)?.resourceTypeGeneral) missing.push('types.resourceTypeGeneral');
    if (missing.length > 0) return [...new Set(missing)].map((source) => ({ source, uid: doi, title: "Can't be blank" }));
    return next;
  };

  const server = http.createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: StandInRequest['body'];
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const auth = req.headers.authorization ?? '';
      const [user, password] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : [];
      const url = new URL(req.url ?? '/', 'http://stand-in');
      requests.push({ method: req.method ?? '', path: url.pathname, contentType: req.headers['content-type'], user, body });

      if (failures > 0) {
        failures--;
        return errors(res, failStatus, [{ status: String(failStatus), title: 'Internal server error' }]);
      }
      const match = /^\/dois(?:\/(.+))?$/.exec(url.pathname);
      if (!match) return errors(res, 404, [{ status: '404', title: "The resource you are looking for doesn't exist." }]);
      if (req.method !== 'GET' && (user !== opts.repositoryId || password !== opts.password)) return errors(res, 401, [{ status: '401', title: 'Bad credentials.' }]);
      const id = match[1] ? decodeURIComponent(match[1]).toLowerCase() : undefined;

      if (req.method === 'GET' && id) {
        const d = dois.get(id);
        return d ? send(res, 200, resource(d)) : errors(res, 404, [{ status: '404', title: "The resource you are looking for doesn't exist." }]);
      }
      if (req.method !== 'POST' && req.method !== 'PUT') return errors(res, 405, [{ status: '405', title: 'Method not allowed' }]);
      if (!req.headers['content-type']?.startsWith('application/vnd.api+json')) return errors(res, 415, [{ status: '415', title: 'The content type is not recognized.' }]);
      if (body?.data?.type !== 'dois' || typeof body.data.attributes !== 'object') return errors(res, 400, [{ status: '400', title: 'You need to provide a payload following the JSONAPI spec' }]);
      const { event, doi: bodyDoi, ...attributes } = body.data.attributes as Record<string, unknown>;
      const doi = String((req.method === 'PUT' ? id : bodyDoi) ?? '').toLowerCase();
      if (!doi.startsWith(`${opts.prefix}/`)) return errors(res, 422, [{ source: 'doi', uid: doi, title: 'Is invalid' }]);

      const existing = dois.get(doi);
      if (req.method === 'POST' && existing) return errors(res, 422, [{ source: 'doi', uid: doi, title: 'This DOI has already been taken' }]);
      const merged = { ...(existing?.attributes ?? {}), ...attributes };
      const next = transition(doi, existing?.state ?? 'draft', merged, event);
      if (Array.isArray(next)) return errors(res, 422, next);
      const stored = { doi, state: next, attributes: merged };
      dois.set(doi, stored);
      return send(res, existing ? 200 : 201, resource(stored));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    dois,
    failNext(n, status = 500) {
      failures = n;
      failStatus = status;
    },
    setDown(value) {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
