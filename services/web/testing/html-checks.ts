/**
 * Light parsing for page tests: an RFC 8288 `Link` header parser (as a client would read
 * the compact form), and regexes for the well-known markup of <head>.
 */

export interface ParsedLink {
  href: string;
  rel: string;
  type?: string;
  anchor?: string;
}

/** Splits on commas outside `<…>` and quoted strings, then reads `<uri>; param=value` pairs. */
export function parseLinkHeader(value: string): ParsedLink[] {
  const parts: string[] = [];
  let current = '';
  let inUri = false;
  let inQuote = false;
  for (const c of value) {
    if (c === '<' && !inQuote) inUri = true;
    else if (c === '>' && !inQuote) inUri = false;
    else if (c === '"' && !inUri) inQuote = !inQuote;
    if (c === ',' && !inUri && !inQuote) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim()) parts.push(current);
  return parts.map((part) => {
    const m = /^\s*<([^>]*)>\s*(.*)$/s.exec(part);
    if (!m) throw new Error(`not a link: ${part}`);
    const link: Record<string, string> = { href: m[1]! };
    for (const p of m[2]!.matchAll(/;\s*([A-Za-z*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s]+))/g)) link[p[1]!.toLowerCase()] = p[2] ?? p[3]!;
    if (!link.rel) throw new Error(`link without rel: ${part}`);
    return link as unknown as ParsedLink;
  });
}

/** The `<script>` elements of a page: their type attribute and raw content. */
export function scriptBlocks(html: string): Array<{ type: string; content: string }> {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ type: /type="([^"]*)"/.exec(m[1]!)?.[1] ?? '', content: m[2]! }));
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** `<meta name content>` values by name, in page order, entities decoded. */
export function metaTags(html: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of html.matchAll(/<meta name="([^"]+)" content="([^"]*)">/g)) (out[m[1]!] ??= []).push(decode(m[2]!));
  return out;
}
