/**
 * BibTeX and formatted citations, rendered by Citation.js from our CSL-JSON with the CSL styles and
 * locales its CSL plugin bundles (no network, no hand-written styles).
 */
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import type { ExportView } from '../export-view.js';
import { UnknownCitationStyleError } from '../errors.js';
import { cslItem } from './csl.js';

const csl = plugins.config.get('@csl');

/** The CSL styles `formatCitation` accepts (those bundled with @citation-js/plugin-csl). */
export const CITATION_STYLES: readonly string[] = Object.freeze([...csl.templates.list()]);
/** The CSL locales bundled with @citation-js/plugin-csl. */
export const CITATION_LOCALES: readonly string[] = Object.freeze([...csl.locales.list()]);
export const DEFAULT_CITATION_STYLE = 'apa';
export const DEFAULT_CITATION_LOCALE = 'en-US';

/** A bundled locale for a BCP 47 tag: exact (any case), else the same language (`de` → `de-DE`). */
export function resolveLocale(locale: string | undefined): string | undefined {
  if (!locale) return DEFAULT_CITATION_LOCALE;
  const lower = locale.toLowerCase().replace('_', '-');
  const exact = CITATION_LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split('-')[0];
  return CITATION_LOCALES.find((l) => l.toLowerCase().split('-')[0] === language);
}

function cite(view: ExportView): Cite {
  return new Cite([cslItem(view)]);
}

/** BibTeX (`@misc{...}` for datasets), rendered by Citation.js. Never throws. */
export function toBibtex(view: ExportView): string {
  return cite(view).format('bibtex');
}

/**
 * The citation in a bundled CSL style and locale, as plain text.
 * Throws UnknownCitationStyleError (400) for a style or locale that is not bundled.
 */
export function formatCitation(view: ExportView, style: string = DEFAULT_CITATION_STYLE, locale?: string): string {
  const template = style.toLowerCase();
  if (!CITATION_STYLES.includes(template)) {
    throw new UnknownCitationStyleError(`Unknown citation style "${style}"; available: ${CITATION_STYLES.join(', ')}.`, { extra: { styles: CITATION_STYLES } });
  }
  const lang = resolveLocale(locale);
  if (!lang) {
    throw new UnknownCitationStyleError(`Unknown citation locale "${locale}"; available: ${CITATION_LOCALES.join(', ')}.`, { extra: { locales: CITATION_LOCALES } });
  }
  // Plain text: citeproc's column alignment (e.g. Vancouver's "1.  ") collapses to single spaces.
  return cite(view).format('bibliography', { format: 'text', template, lang }).replace(/[ \t]+/g, ' ').trim();
}
