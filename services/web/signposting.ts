/**
 * FAIR Signposting (https://signposting.org/FAIR/): typed links from a landing page to its
 * persistent identifier (`cite-as`), metadata (`describedby`), files (`item`), authors,
 * licence and type — as one compact HTTP `Link` header (level 1) and as an RFC 9264
 * linkset (level 2) in both of its formats.
 */

export interface TypedLink {
  rel: string;
  href: string;
  /** Media type of the target. */
  type?: string;
}

export interface Signposts {
  /** The landing page (the context of every link). */
  anchor: string;
  links: TypedLink[];
  /** Links whose context is one of the targets (`describes` from a metadata document, `collection` from a file). */
  reverse: Array<{ anchor: string; links: TypedLink[] }>;
}

/** At most this many `item` and `author` links each go into the header; the linkset has them all. */
export const HEADER_LINK_LIMIT = 20;

const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/;

/** An absolute http(s) URL, normalised (percent-encoded, so `<`, `>`, spaces, quotes cannot occur); else undefined. */
export function linkTarget(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function mediaType(type: string | undefined): string | undefined {
  return type && MEDIA_TYPE.test(type) ? type : undefined;
}

function format(l: TypedLink, anchor?: string): string {
  const type = mediaType(l.type);
  return `<${l.href}>; rel="${l.rel}"${type ? `; type="${type}"` : ''}${anchor ? `; anchor="${anchor}"` : ''}`;
}

/**
 * The `Link` header value in the compact form `<url>; rel="cite-as", <url>; rel="item"`,
 * items and authors capped at HEADER_LINK_LIMIT (the `linkset` link leads to the rest).
 */
export function linkHeader(s: Signposts, linksetUrl: string): string {
  const counts = new Map<string, number>();
  const kept = s.links.filter((l) => {
    if (l.rel !== 'item' && l.rel !== 'author') return true;
    const n = (counts.get(l.rel) ?? 0) + 1;
    counts.set(l.rel, n);
    return n <= HEADER_LINK_LIMIT;
  });
  return [
    ...kept.map((l) => format(l)),
    format({ rel: 'linkset', href: linksetUrl, type: 'application/linkset+json' }),
    format({ rel: 'linkset', href: `${linksetUrl}?format=text`, type: 'application/linkset' }),
  ].join(', ');
}

/** RFC 9264 JSON: `{ linkset: [{ anchor, <rel>: [{ href, type? }] }] }`. */
export function linksetJson(s: Signposts): { linkset: Array<Record<string, unknown>> } {
  const context = (anchor: string, links: TypedLink[]) => {
    const out: Record<string, unknown> = { anchor };
    for (const l of links) {
      const target: Record<string, string> = { href: l.href };
      const type = mediaType(l.type);
      if (type) target.type = type;
      ((out[l.rel] ??= []) as Array<Record<string, string>>).push(target);
    }
    return out;
  };
  return { linkset: [context(s.anchor, s.links), ...s.reverse.map((r) => context(r.anchor, r.links))] };
}

/** RFC 9264 `application/linkset`: the Link header syntax with an anchor on every link, one link a line. */
export function linksetText(s: Signposts): string {
  const lines = [...s.links.map((l) => format(l, s.anchor)), ...s.reverse.flatMap((r) => r.links.map((l) => format(l, r.anchor)))];
  return `${lines.join(',\n')}\n`;
}
