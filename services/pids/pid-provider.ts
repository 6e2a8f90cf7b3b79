/**
 * The PID provider port: who mints DOIs and, for a registration agency, keeps them registered.
 * Adapters: `local-pid-provider.ts` (mints under a prefix; this repository resolves them at
 * /doi/{doi}) and `datacite-pid-provider.ts` (the DataCite REST API). Remote work never runs in a
 * request: the PID context calls `register` from the outbox, with retries and backoff.
 */

/** A DOI's state at DataCite: `draft` (reserved), `registered` (resolves, not findable), `findable`. */
export type DoiState = 'draft' | 'registered' | 'findable';

/** A pid as records store it (`pids.doi`). */
export interface PidValue {
  identifier: string;
  provider: string;
  /** The registration agency's client (DataCite repository id). */
  client?: string;
  /** `reserved`, `pending` (waiting for the agency), `registered` or `findable`. */
  status: string;
}

/** What to tell the registration agency about a DOI. */
export interface RegistrationRequest {
  /** State transition: `publish` (→ findable), `register` (draft → registered), `hide` (findable → registered); none keeps the state. */
  event?: 'publish' | 'register' | 'hide';
  /** Landing page URL. */
  url?: string;
  /** Metadata as DataCite REST API attributes. */
  attributes?: Record<string, unknown>;
}

export interface PidProvider {
  /** The name stored as `pids.doi.provider`. */
  readonly name: string;
  /** The DOI of a record or parent id: prefix + suffix pattern. Never throws. */
  doiFor(id: string): string;
  /** A new pid for `id`, reserved for a draft or minted on publish, with its initial status. Never throws. */
  mint(id: string, purpose: 'reserve' | 'publish'): PidValue;
  /**
   * Creates or updates the DOI at the registration agency (remote providers only). `known` says it
   * exists there already (update), else it is created (and updated if it turns out to exist).
   * Returns its state there. Throws PidRegistrationError; the outbox retries.
   */
  register?(doi: string, request: RegistrationRequest, known: boolean): Promise<DoiState>;
}

/** Formats a DOI: `prefix/` + the suffix pattern with `{id}` replaced (lower case, as ids are). */
export function formatDoi(prefix: string, suffixPattern: string, id: string): string {
  return `${prefix}/${suffixPattern.replace('{id}', id)}`;
}
