/** The one shared page layout: semantic, accessible, readable on a phone, no JavaScript. */
import { stylesheet } from './assets.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

export interface PageParts {
  title: string;
  /** Language of the page content (BCP 47); the site chrome is English. */
  lang?: string;
  /** Extra elements for `<head>` (meta tags, JSON-LD, alternates). */
  head?: HtmlValue;
  /** `<main>` content. */
  main: HtmlValue;
  /** Class of `<main>` (e.g. `record` for the two-column landing page). */
  mainClass?: string;
  siteName: string;
}

export function layout(p: PageParts): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="${p.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} | ${p.siteName}</title>
<link rel="stylesheet" href="${stylesheet.path}">
${p.head}
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site"><a href="/">${p.siteName}</a></header>
<main id="content"${p.mainClass ? html` class="${p.mainClass}"` : ''}>
${p.main}
</main>
<footer class="site">${p.siteName} · <a href="/oai2d?verb=Identify">OAI-PMH</a> · <a href="/api/docs">API</a></footer>
</body>
</html>
`;
}
