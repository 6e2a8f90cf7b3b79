/** Defaults of the OAI-PMH provider (BASE_URL comes from the app's config). */
export const OAI_DEFAULTS = Object.freeze({
  repositoryName: 'Cairn Data Repository',
  /** Headers or records per list response. */
  pageSize: 100,
  /** Resumption tokens stay valid this long (each page issues a fresh one). */
  tokenTtlMs: 24 * 60 * 60 * 1000,
  /** The `datacentreSymbol` of `oai_datacite` when no DataCite repository id is configured. */
  datacentreSymbol: 'CAIRN',
  sets: true,
});

/**
 * Identify's adminEmail until the configuration names one: an address at BASE_URL's host. The
 * OAI-PMH schema wants a dotted domain, so a bare host (localhost) gets the reserved `.invalid`.
 */
export function defaultAdminEmail(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return `repository@${/^[^.]+\.[^.]+/.test(host) ? host : `${host}.invalid`}`;
}
