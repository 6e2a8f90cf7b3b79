/**
 * DOIs registered with DataCite through its REST API (JSON:API): `POST /dois` creates a DOI (a
 * draft without `event`), `PUT /dois/{doi}` updates it, `event` moves its state (publish → findable,
 * register → registered, hide → findable to registered). HTTP Basic auth with the repository id
 * and password; bodies are `application/vnd.api+json`. Called only from the outbox.
 */
import { PidRegistrationError } from './errors.js';
import { formatDoi, type DoiState, type PidProvider, type PidValue, type RegistrationRequest } from './pid-provider.js';

export interface DataCitePidProviderConfig {
  /** REST API base, e.g. https://api.test.datacite.org */
  readonly url: string;
  readonly repositoryId: string;
  readonly password: string;
  readonly prefix: string;
  readonly suffixPattern: string;
  /** Per-request timeout (default 30 s). */
  readonly timeoutMs?: number;
}

const JSON_API = 'application/vnd.api+json';

interface JsonApiError {
  status?: string;
  source?: string;
  title?: string;
}

export class DataCitePidProvider implements PidProvider {
  readonly name = 'datacite';
  readonly #c: Required<DataCitePidProviderConfig>;
  constructor(config: DataCitePidProviderConfig) {
    this.#c = Object.freeze({ timeoutMs: 30_000, ...config, url: config.url.replace(/\/+$/, '') });
  }

  /** The DataCite repository id, stored as `pids.doi.client`. */
  get client(): string {
    return this.#c.repositoryId;
  }

  doiFor(id: string): string {
    return formatDoi(this.#c.prefix, this.#c.suffixPattern, id);
  }

  mint(id: string, _purpose: 'reserve' | 'publish'): PidValue {
    // Nothing is registered yet: the outbox does it after commit.
    return { identifier: this.doiFor(id), provider: this.name, client: this.#c.repositoryId, status: 'pending' };
  }

  async register(doi: string, request: RegistrationRequest, known: boolean): Promise<DoiState> {
    const body = {
      data: {
        type: 'dois',
        attributes: { ...(request.attributes ?? {}), doi, ...(request.url ? { url: request.url } : {}), ...(request.event ? { event: request.event } : {}) },
      },
    };
    if (!known) {
      const created = await this.#send('POST', '/dois', body);
      if (created.ok) return stateOf(created.json);
      // Created before (an earlier attempt whose answer was lost, or a reservation): update it instead.
      if (!(created.status === 422 && created.errors.some((e) => /already been taken/i.test(e.title ?? '')))) throw failure('POST', created);
    }
    const path = `/dois/${doi.split('/').map(encodeURIComponent).join('/')}`;
    const updated = await this.#send('PUT', path, body);
    if (updated.ok) return stateOf(updated.json);
    throw failure('PUT', updated);
  }

  async #send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<{ ok: boolean; status: number; json: unknown; errors: JsonApiError[] }> {
    const auth = Buffer.from(`${this.#c.repositoryId}:${this.#c.password}`).toString('base64');
    let res: Response;
    try {
      res = await fetch(`${this.#c.url}${path}`, {
        method,
        headers: { authorization: `Basic ${auth}`, 'content-type': JSON_API, accept: JSON_API },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#c.timeoutMs),
      });
    } catch (err) {
      throw new PidRegistrationError(`DataCite is unreachable (${method} ${path}): ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const errors = Array.isArray((json as { errors?: unknown })?.errors) ? ((json as { errors: JsonApiError[] }).errors) : [];
    return { ok: res.ok, status: res.status, json, errors };
  }
}

function stateOf(json: unknown): DoiState {
  const state = (json as { data?: { attributes?: { state?: unknown } } })?.data?.attributes?.state;
  return state === 'findable' || state === 'registered' ? state : 'draft';
}

function failure(method: string, res: { status: number; errors: JsonApiError[] }): PidRegistrationError {
  const details = res.errors.map((e) => [e.source, e.title].filter(Boolean).join(': ')).join('; ');
  const why = res.status === 401 || res.status === 403 ? 'DataCite refused the repository credentials' : `DataCite answered ${res.status} to ${method}`;
  return new PidRegistrationError(`${why}${details ? ` (${details})` : ''}.`, { extra: { upstreamStatus: res.status, upstreamErrors: res.errors } });
}
