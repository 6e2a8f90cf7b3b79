/** Sitemaps (https://www.sitemaps.org/protocol.html): a URL set, or an index of URL sets past one file. */
import { escapeHtml } from './html.js';

export interface SitemapEntry {
  loc: string;
  /** W3C datetime. */
  lastmod?: string | undefined;
}

const xmlText = escapeHtml;

const entries = (tag: string, list: SitemapEntry[]) =>
  list.map((e) => `<${tag}><loc>${xmlText(e.loc)}</loc>${e.lastmod ? `<lastmod>${xmlText(e.lastmod)}</lastmod>` : ''}</${tag}>`).join('\n');

export function urlset(list: SitemapEntry[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries('url', list)}\n</urlset>\n`;
}

export function sitemapIndex(list: SitemapEntry[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries('sitemap', list)}\n</sitemapindex>\n`;
}
