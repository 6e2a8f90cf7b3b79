/**
 * Highwire Press `citation_*` meta tags, which Google Scholar and reference managers
 * (Zotero, Mendeley) read from a landing page's `<head>`.
 */
import type { ExportView } from '../exports/export-view.js';
import { html, type SafeHtml } from './html.js';
import { keywordList, language, mainTitle, people, publisherName } from './metadata.js';

export function highwireTags(view: ExportView): SafeHtml {
  const m = view.metadata;
  const tags: Array<[string, string]> = [['citation_title', mainTitle(m)]];
  for (const p of people(m.creators)) tags.push(['citation_author', p.name]);
  const date = view.publicationDate.slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) tags.push(['citation_publication_date', date.replace(/-/g, '/')]);
  if (view.doi) tags.push(['citation_doi', view.doi]);
  const publisher = publisherName(m);
  if (publisher) tags.push(['citation_publisher', publisher]);
  const keywords = keywordList(m);
  if (keywords.length > 0) tags.push(['citation_keywords', keywords.join('; ')]);
  const lang = language(m);
  if (lang) tags.push(['citation_language', lang]);
  tags.push(['citation_abstract_html_url', view.url]);
  for (const f of view.files) if (f.mimetype === 'application/pdf') tags.push(['citation_pdf_url', f.url]);
  return html`${tags.map(([name, content]) => html`<meta name="${name}" content="${content}">\n`)}`;
}
