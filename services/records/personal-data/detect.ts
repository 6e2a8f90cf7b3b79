/**
 * Finds personal identifiers in one string (a text or a table cell) and says how sure it
 * is. A candidate is `strong` when it stands on its own: an unambiguous format (an e-mail
 * address, `+47 912 34 567`, `010190-1234`, an IPv6 address), a word for the identifier
 * just before it ("CPR", "tlf.", "født"), or a column header that names it. A `weak`
 * candidate (a bare 10-digit number whose date and check digit happen to be valid, a
 * national phone grouping, an IPv4-shaped value in a table) counts only when most values
 * of its column look the same (see scanner.ts), because plain numeric measurements hit
 * such patterns by chance.
 */
import { BIRTH_WORDS, cellFullDate, findFullDates } from './dates.js';
import { clip, maskDate, maskDigits, maskEmail, maskIp, type ValueKind } from './finding.js';
import type { HeaderClass } from './headers.js';
import { checkCpr, isFodselsnummer, isHostIPv4, isHostIPv6, isPaymentCard, isPersonalEmail, isPersonnummer } from './identifiers.js';

export interface Candidate {
  kind: ValueKind;
  start: number;
  end: number;
  /** Masked. */
  sample: string;
  confidence: 'high' | 'medium';
  strong: boolean;
}

export interface DetectContext {
  /** `cell`: one value of a table column; `text`: free text (metadata, a document). */
  mode: 'text' | 'cell';
  /** The column's header, for cells. */
  header?: HeaderClass | undefined;
}

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}\p{L}{2,63}(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])/gu;
const ID = /(?<![\w.,+/-])(\d{6})([-+ ]?)(\d{4,5})(?!\w|[.,/-]\d)/g;
const ID12 = /(?<![\w.,+/-])((?:18|19|20)\d{6})([-+]?)(\d{4})(?!\w|[.,/-]\d)/g;
const CARD = /(?<![\w.,+/-])(\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{5}|\d{13,19})(?!\w|[.,/-]\d)/g;
const IPV4 = /(?<![\w.-])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d|-\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/gi;
const INTL_PHONE = /(?<![\w+.,/-])(?:\+|00)[1-9][\d ().-]{5,22}\d(?!\w|[.,]\d)/g;
const NATIONAL_PHONE = /(?<![\w+.,/:-])(?:\(\d{2,5}\) ?)?\d{2,4}(?:[ .-]\d{2,8}){1,4}(?!\w|[.,:/-]\d)/g;

const DATE_SHAPE = /^(\d{4}([-.])\d{1,2}\2\d{1,2}|\d{1,2}([-.])\d{1,2}\3(\d{4}|\d{2}))$/;

const ID_WORDS =
  /(?<!\p{L})(cpr|personnummer|personnr|person-?nr|pnr|f(?:ø|o|oe)dselsnummer|fnr|f\.nr|d-nummer|samordningsnummer|ssn|social security|national id|personal (?:id|number)|id-?nummer|identity number|burgerservicenummer|bsn)(?!\p{L})/iu;
const PHONE_WORDS = /(?<!\p{L})(phone|telephone|tel|tlf|telefon\w*|telefoon|mobile?|mobiel|cell|handy|fax|gsm|ring|call|contact|kontakt)(?!\p{L})/iu;
const CARD_WORDS = /(?<!\p{L})(card|kort|visa|mastercard|amex|kreditkarte|creditcard)(?!\p{L})/iu;
const VERSION_BEFORE = /(?<!\p{L})(version|versjon|ver|release|rev|build|v)\.?\s*$/iu;

const before = (text: string, start: number, chars = 48) => text.slice(Math.max(0, start - chars), start);

/** Every identifier candidate in `text`, overlapping matches resolved by kind priority. Never throws. */
export function detect(text: string, ctx: DetectContext): Candidate[] {
  let digits = 0;
  let dots = 0;
  let colons = 0;
  let at = false;
  let letters = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (c === 64) at = true;
    else if (c > 64) letters = true;
  }
  const header = ctx.header;
  if (!at && digits < 4 && !(header?.birth && digits > 0)) return [];
  // Most cells of a data file are plain numbers: only whole-value identifiers can hide there.
  if (digits === text.length && !header?.birth) return plainNumber(text, ctx);
  const found: Candidate[] = [];
  if (at) emails(text, found);
  if (digits >= 10) nationalIds(text, ctx, found);
  if (digits >= 13) cards(text, ctx, found);
  if (dots >= 3 && !header?.version) ipv4(text, ctx, found);
  if (colons >= 2) ipv6(text, found);
  if (header?.birth) birthCell(text, found);
  else if (digits >= 5 && letters && BIRTH_WORDS.test(text)) birthText(text, found);
  if (digits >= 8 && !DATE_SHAPE.test(text)) phones(text, ctx, found);
  return resolveOverlaps(found);
}

const PRIORITY: ValueKind[] = ['email', 'fodselsnummer', 'personnummer', 'cpr', 'payment-card', 'ip', 'birthdate', 'phone'];

function plainNumber(text: string, ctx: DetectContext): Candidate[] {
  const n = text.length;
  if (n < 8 || n > 19) return [];
  const found: Candidate[] = [];
  if (n === 10 || n === 11) nationalId(text, ctx, 0, text, text.slice(0, 6), '', text.slice(6), found);
  else if (n === 12 && /^(18|19|20)/.test(text)) personnummer12(text, ctx, 0, text, text, '', found);
  if (n >= 13) cards(text, ctx, found);
  if (ctx.header?.kind === 'phone-column') phones(text, ctx, found);
  return resolveOverlaps(found);
}

/** Of overlapping candidates keeps the more specific kind (one sweep in start order; linear after the sort). */
function resolveOverlaps(found: Candidate[]): Candidate[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  const kept: Candidate[] = [];
  for (const c of found) {
    const last = kept[kept.length - 1];
    if (!last || c.start >= last.end) kept.push(c);
    else if (PRIORITY.indexOf(c.kind) < PRIORITY.indexOf(last.kind)) kept[kept.length - 1] = c;
  }
  return kept;
}

function emails(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(EMAIL)) {
    if (isPersonalEmail(m[0])) out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, sample: maskEmail(m[0]), confidence: 'high', strong: true });
  }
}

function nationalIds(text: string, ctx: DetectContext, out: Candidate[]): void {
  for (const m of text.matchAll(ID)) {
    const [whole, head, sep, tail] = m as unknown as [string, string, string, string];
    nationalId(text, ctx, m.index, whole, head, sep, tail, out);
  }
  for (const m of text.matchAll(ID12)) {
    const [whole, head, sep, tail] = m as unknown as [string, string, string, string];
    personnummer12(text, ctx, m.index, whole, head + tail, sep, out);
  }
}

/** One ID-shaped match: `head` (6 digits), `sep` ('', '-', '+' or ' '), `tail` (4 or 5 digits). */
function nationalId(text: string, ctx: DetectContext, start: number, whole: string, head: string, sep: string, tail: string, out: Candidate[]): void {
  const keyword = () => ctx.header?.kind === 'national-id-column' || ID_WORDS.test(before(text, start));
  const end = start + whole.length;
  if (tail.length === 5) {
    if (!isFodselsnummer(head + tail)) return;
    // Two check digits make a chance hit rare (about 1 in 1,600 eleven-digit numbers), so free text needs
    // no keyword; a bare number in a table column is still only weak (a column of measurements has thousands).
    const strong = sep !== '' || ctx.mode === 'text' || keyword();
    out.push({ kind: 'fodselsnummer', start, end, sample: maskDigits(whole), confidence: 'high', strong });
    return;
  }
  const digits = head + tail;
  const cpr = sep === '+' ? undefined : checkCpr(digits);
  if (cpr?.mod11) {
    out.push({ kind: 'cpr', start, end, sample: maskDigits(whole), confidence: 'high', strong: sep === '-' || keyword() });
  } else if (isPersonnummer(digits)) {
    out.push({ kind: 'personnummer', start, end, sample: maskDigits(whole), confidence: 'high', strong: sep === '-' || sep === '+' || keyword() });
  } else if (cpr?.validDate) {
    // Post-2007 CPR numbers need not pass modulus 11 (see checkCpr): a valid date is enough, at medium confidence.
    out.push({ kind: 'cpr', start, end, sample: maskDigits(whole), confidence: 'medium', strong: sep === '-' || keyword() });
  }
}

function personnummer12(text: string, ctx: DetectContext, start: number, whole: string, digits: string, sep: string, out: Candidate[]): void {
  if (!isPersonnummer(digits)) return;
  const strong = sep !== '' || ctx.header?.kind === 'national-id-column' || ID_WORDS.test(before(text, start));
  out.push({ kind: 'personnummer', start, end: start + whole.length, sample: maskDigits(whole), confidence: 'high', strong });
}

function cards(text: string, ctx: DetectContext, out: Candidate[]): void {
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/\D/g, '');
    if (!isPaymentCard(digits)) continue;
    const grouped = digits.length !== m[0].length;
    const strong = grouped || ctx.header?.kind === 'payment-card-column' || CARD_WORDS.test(before(text, m.index));
    out.push({ kind: 'payment-card', start: m.index, end: m.index + m[0].length, sample: maskDigits(m[0]), confidence: 'high', strong });
  }
}

function ipv4(text: string, ctx: DetectContext, out: Candidate[]): void {
  for (const m of text.matchAll(IPV4)) {
    if (!isHostIPv4(m[0])) continue;
    // "version 1.2.3.4" is a version string, not an address.
    if (VERSION_BEFORE.test(before(text, m.index, 16))) continue;
    const strong = ctx.mode === 'text' || ctx.header?.kind === 'ip-column';
    out.push({ kind: 'ip', start: m.index, end: m.index + m[0].length, sample: maskIp(m[0]), confidence: 'medium', strong });
  }
}

function ipv6(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(IPV6)) {
    if (!isHostIPv6(m[0])) continue;
    out.push({ kind: 'ip', start: m.index, end: m.index + m[0].length, sample: maskIp(m[0]), confidence: 'high', strong: true });
  }
}

function birthCell(text: string, out: Candidate[]): void {
  const trimmed = text.trim();
  const date = cellFullDate(trimmed);
  if (!date) return;
  const start = text.indexOf(trimmed) + date.start;
  out.push({ kind: 'birthdate', start, end: start + date.text.length, sample: maskDate(date.text, date.yearText), confidence: 'high', strong: true });
}

function birthText(text: string, out: Candidate[]): void {
  for (const date of findFullDates(text)) {
    // The birth word must come shortly before the date: "born 12 March 1985", "født: 12.03.1985", "DOB 1985-03-12".
    if (!BIRTH_WORDS.test(before(text, date.start, 32))) continue;
    out.push({ kind: 'birthdate', start: date.start, end: date.end, sample: maskDate(date.text, date.yearText), confidence: 'high', strong: true });
  }
}

function phones(text: string, ctx: DetectContext, out: Candidate[]): void {
  const phoneHeader = ctx.header?.kind === 'phone-column';
  for (const m of text.matchAll(INTL_PHONE)) {
    const value = m[0];
    const international = value.startsWith('+');
    const digits = value.replace(/\D/g, '').slice(international ? 0 : 2);
    if (digits.length < 8 || digits.length > 15 || !wellFormed(value)) continue;
    const strong = international || /[ ().-]/.test(value) || phoneHeader || PHONE_WORDS.test(before(text, m.index));
    if (!strong) continue; // a bare 00-prefixed number is more likely a zero-padded id
    out.push({ kind: 'phone', start: m.index, end: m.index + value.length, sample: maskDigits(value, international ? 2 : 4), confidence: 'high', strong });
  }
  for (const m of text.matchAll(NATIONAL_PHONE)) {
    const value = m[0];
    if (!nationalPhone(value)) continue;
    const strong = phoneHeader || PHONE_WORDS.test(before(text, m.index));
    out.push({ kind: 'phone', start: m.index, end: m.index + value.length, sample: maskDigits(value), confidence: 'medium', strong });
  }
  if (phoneHeader) {
    const trimmed = text.trim();
    if (/^\d{8,15}$/.test(trimmed)) {
      const start = text.indexOf(trimmed);
      out.push({ kind: 'phone', start, end: start + trimmed.length, sample: maskDigits(trimmed), confidence: 'medium', strong: true });
    }
  }
}

function wellFormed(value: string): boolean {
  if (/[ .-]{2}|\(\)|[ .-]$/.test(value)) return false;
  const open = value.split('(').length - 1;
  return open === value.split(')').length - 1 && open <= 1;
}

/** A national phone grouping: 8-12 digits in groups, not a date, not thousands, not an IPv4 address. */
function nationalPhone(value: string): boolean {
  const groups = value.split(/[ .()-]+/).filter(Boolean);
  const digits = groups.join('');
  if (digits.length < 8 || digits.length > 12) return false;
  const separators = value.replace(/[\d()]/g, '');
  if (separators.includes('.') && !/^\d{3}\.\d{3}\.\d{4}$/.test(value)) return false;
  if (groups.length === 2 && !value.startsWith('0') && !value.startsWith('(')) return false;
  if (groups.length >= 3 && /^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => g.length === 3) && new Set(separators).size === 1) return false;
  return !DATE_SHAPE.test(value);
}

/** Text of a header or value, cut for display. */
export const display = clip;
