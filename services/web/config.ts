/** Defaults of the web context (BASE_URL and the DOI pattern come from the app's config). */
export const WEB_DEFAULTS = Object.freeze({
  siteName: 'Cairn',
  /** URLs per sitemap file; the protocol allows 50,000. */
  sitemapPageSize: 50_000,
  /** Versions listed on a landing page, newest first. */
  versionsShown: 10,
  /** Anonymous pages are served from memory this long at most (see PageCache). */
  pageCacheTtlMs: 30_000,
  // At ~16 kB a page, about 32 MB at most.
  pageCacheEntries: 2_000,
  /** Longer than any transaction that changes a record. */
  pageCacheQuarantineMs: 10_000,
});
