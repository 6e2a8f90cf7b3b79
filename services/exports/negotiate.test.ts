import { describe, expect, it } from 'vitest';
import { negotiate, parseAccept } from './negotiate.js';

const format = (accept: string | undefined, native?: string[]) => {
  const n = negotiate(accept, native);
  if (!n) return '406';
  return n.kind === 'export' ? n.format : n.kind === 'citation' ? `citation${n.style ? `:${n.style}` : ''}${n.locale ? `:${n.locale}` : ''}` : `native:${n.mediaType}`;
};

describe('negotiate(Accept)', () => {
  it.each([
    [undefined, 'native:application/json'],
    ['', 'native:application/json'],
    ['*/*', 'native:application/json'],
    ['application/json', 'native:application/json'],
    ['application/json; charset=utf-8', 'native:application/json'],
    ['application/*', 'native:application/json'],
    ['application/vnd.datacite.datacite+xml', 'datacite-xml'],
    ['application/vnd.datacite.datacite+json', 'datacite-json'],
    ['application/ld+json', 'json-ld'],
    ['application/vnd.schemaorg.ld+json', 'json-ld'],
    ['application/vnd.citationstyles.csl+json', 'csl'],
    ['application/citeproc+json', 'csl'],
    ['application/x-bibtex', 'bibtex'],
    ['application/x-dc+xml', 'dublincore'],
    ['APPLICATION/X-BIBTEX', 'bibtex'],
    ['application/vnd.datacite.datacite+xml;charset=UTF-8', 'datacite-xml'],
    ['text/x-bibliography', 'citation'],
    ['text/x-bibliography; style=apa', 'citation:apa'],
    ['text/x-bibliography; style=vancouver; locale=de-DE', 'citation:vancouver:de-DE'],
    ['text/x-bibliography; style="harvard1"', 'citation:harvard1'],
    ['text/*', 'citation'],
  ])('%s → %s', (accept, expected) => {
    expect(format(accept)).toBe(expected);
  });

  it('weighs q-values, then specificity, then the client order, then the native representation', () => {
    expect(format('application/json;q=0.5, application/x-bibtex')).toBe('bibtex');
    expect(format('application/x-bibtex;q=0.4, application/vnd.datacite.datacite+xml;q=0.9')).toBe('datacite-xml');
    expect(format('application/x-bibtex, application/vnd.datacite.datacite+xml')).toBe('bibtex');
    expect(format('application/vnd.datacite.datacite+xml, application/x-bibtex')).toBe('datacite-xml');
    expect(format('*/*;q=0.1, application/ld+json;q=0.2')).toBe('json-ld');
    // A browser: JSON (the native one) wins the */* tie.
    expect(format('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('native:application/json');
    // The most specific range decides an offer's q: application/json;q=0 excludes JSON despite */*.
    expect(format('application/json;q=0, */*')).toBe('datacite-xml');
    expect(format('application/*;q=0.3, application/ld+json;q=0.3, text/x-bibliography;q=0.2')).toBe('json-ld');
  });

  it('answers undefined (406) when nothing offered is acceptable', () => {
    expect(format('text/html')).toBe('406');
    expect(format('image/png, text/csv;q=0.9')).toBe('406');
    expect(format('application/json;q=0')).toBe('406');
    expect(format('*/*;q=0')).toBe('406');
  });

  it('serves the caller its own native types first (the landing page offers HTML)', () => {
    expect(format(undefined, ['text/html'])).toBe('native:text/html');
    expect(format('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', ['text/html'])).toBe('native:text/html');
    expect(format('application/x-bibtex', ['text/html'])).toBe('bibtex');
    expect(format('text/*', ['text/html'])).toBe('native:text/html');
  });

  it('ignores malformed ranges and q-values out of range', () => {
    expect(parseAccept('nonsense, application/x-bibtex;q=2, text/x-bibliography;q=0.5;style=apa')).toEqual([
      { type: 'application', subtype: 'x-bibtex', params: {}, q: 0 },
      { type: 'text', subtype: 'x-bibliography', params: { style: 'apa' }, q: 0.5 },
    ]);
    expect(format('garbage')).toBe('native:application/json');
    expect(format('*/json')).toBe('native:application/json');
  });
});
