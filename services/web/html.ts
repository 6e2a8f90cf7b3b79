/**
 * HTML templating: a tagged template literal that escapes every interpolated value unless it
 * is already `SafeHtml`. Chosen over a template engine because the pages are few and small,
 * it needs no dependency, runs as fast as string concatenation (nothing to compile or read
 * from disk per request), and the type system tracks what is escaped: only `html`, `raw`
 * (for sanitized or trusted strings) and the helpers here make `SafeHtml`.
 */

/** A string known to be safe to place in HTML as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\``: interpolations are escaped; arrays are joined; null/undefined/booleans vanish. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a string as safe. Only for output of the sanitizer or of code in this folder. */
export function raw(value: string): SafeHtml {
  return new SafeHtml(value);
}

/**
 * A URL for `href`/`src`: absolute http(s) or mailto, or site-relative; anything else
 * (`javascript:`, `data:`, garbage) becomes undefined so the caller renders text instead.
 */
export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const u = url.trim();
  if (u.startsWith('/') && !u.startsWith('//')) return u;
  try {
    const parsed = new URL(u);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link when `url` is safe, else the escaped text alone. */
export function link(url: unknown, text: HtmlValue, attrs: SafeHtml = raw('')): SafeHtml {
  const href = safeUrl(url);
  return href ? html`<a href="${href}"${attrs}>${text}</a>` : html`${text}`;
}

/**
 * JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` become JSON
 * escapes (they can only occur inside JSON strings), so `</script>` cannot end the block.
 */
export function jsonForScript(json: string): SafeHtml {
  return raw(json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
