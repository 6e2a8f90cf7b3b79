/**
 * The personal-data scanner (seed 001, Annex 3): pure functions over text and over a
 * stream of tabular data. It never stores or returns a full identifier (samples are
 * masked) and never reads a whole file into memory: `scanTabular` holds one record at a
 * time plus a few counters per column, and stops at a byte or row cap, saying so.
 *
 * How a hit becomes a finding:
 * - text: every strong candidate (see detect.ts) is a finding;
 * - tables: findings are folded per column and kind (first location, masked sample, count).
 *   Strong candidates always count; weak ones (bare numbers whose check digits happen to
 *   pass, national phone groupings, IPv4-shaped values) count when the header names the
 *   kind or at least `weakColumnShare` of the column's non-empty values hit. A header that
 *   names personal data (name, address, e-mail, phone, national id, birthplace, user
 *   name…) is a finding when the column holds real values; a birth-date header only makes
 *   full dates in its column findings (month and year of birth are allowed).
 */
import { StringDecoder } from 'node:string_decoder';
import { CsvRecordReader, detectDelimiter, type Delimiter } from './csv-records.js';
import { detect } from './detect.js';
import { clip, countDigits, type ColumnKind, type Finding, type ValueKind } from './finding.js';
import { classifyHeader, type HeaderClass } from './headers.js';

export interface TextScanOptions {
  /** Where the text comes from, e.g. `metadata:/descriptions/0/description`. */
  source: string;
  /** JSON pointer, copied into each finding's location. */
  pointer?: string;
  /** Longer text is scanned up to here (default 1 MiB of characters). */
  maxChars?: number;
  /** At most this many findings (default 1,000). */
  maxFindings?: number;
}

/** Finds identifiers in free text. Pure; never throws. */
export function scanText(text: string, options: TextScanOptions): Finding[] {
  const scanned = text.length > (options.maxChars ?? 1 << 20) ? text.slice(0, options.maxChars ?? 1 << 20) : text;
  return detect(scanned, { mode: 'text' })
    .filter((c) => c.strong)
    .slice(0, options.maxFindings ?? 1000)
    .map((c) => ({
      kind: c.kind,
      source: options.source,
      location: { ...(options.pointer !== undefined ? { pointer: options.pointer } : {}), offset: c.start },
      sample: c.sample,
      confidence: c.confidence,
      count: 1,
    }));
}

export interface TabularScanOptions {
  /** The file key; findings get source `file:<key>`. */
  key: string;
  /** Default: detected from the header line (tab, comma, semicolon or pipe). */
  delimiter?: Delimiter;
  /** Stop after this many bytes (default 256 MiB). */
  maxBytes?: number;
  /** Stop after this many data rows (default 2,000,000). */
  maxRows?: number;
  /** Share of a column's non-empty values that weak candidates must reach (default 0.5). */
  weakColumnShare?: number;
}

export interface TabularScanResult {
  findings: Finding[];
  /** Set when the scan stopped at a cap before the end of the data. */
  partial: { reason: 'max-bytes' | 'max-rows'; limit: number } | null;
  /** Data rows scanned (the header not counted). */
  rows: number;
  bytes: number;
  delimiter: Delimiter;
  columns: string[];
}

export type TabularInput = AsyncIterable<Uint8Array | string>;

interface Hit {
  row: number;
  sample: string;
  confidence: 'high' | 'medium';
  count: number;
  /** Cells with at least one hit. */
  cells: number;
}

interface Column {
  index: number;
  header: string;
  cls: HeaderClass;
  nonEmpty: number;
  /** Values that could be what the header names (an `@` under `email`, digits under `phone`…). */
  plausible: number;
  strong: Map<ValueKind, Hit>;
  weak: Map<ValueKind, Hit>;
}

const NOT_A_VALUE = new Set(['na', 'n/a', 'nan', 'null', 'none', '-', '.', '?', 'missing', 'unknown', 'true', 'false', 'yes', 'no', 'ja', 'nei', 'nej', 'y', 'n', 'x', '0', '1']);
/** Could `value` be what a column of `kind` is named for? Keeps `email_sent_count` (numbers) and pseudonymised `cpr` columns (hashes) out. */
function plausibleFor(kind: ColumnKind, value: string): boolean {
  const v = value.trim();
  if (NOT_A_VALUE.has(v.toLowerCase())) return false;
  const digits = countDigits(v);
  switch (kind) {
    case 'email-column':
      return v.includes('@');
    case 'phone-column':
    case 'national-id-column':
      return digits >= 6 && digits / v.replace(/[\s().+-]/g, '').length > 0.8;
    case 'ip-column':
      return digits >= 4 && (v.includes('.') || v.includes(':'));
    case 'payment-card-column':
      return digits >= 12;
    case 'name-column':
    case 'birthplace-column':
      return /\p{L}/u.test(v);
    default:
      return /[\p{L}\d]/u.test(v);
  }
}

const HEADER_FOR_VALUE: Partial<Record<ColumnKind, ValueKind[]>> = {
  'email-column': ['email'],
  'phone-column': ['phone'],
  'national-id-column': ['cpr', 'fodselsnummer', 'personnummer'],
  'ip-column': ['ip'],
  'payment-card-column': ['payment-card'],
};
const HEADER_LIMIT = 1 << 20;

/**
 * Streams a CSV/TSV file and reports what it holds of Annex 3. Reads `input` chunk by
 * chunk; when a cap is reached it stops reading (a Node stream is destroyed by the loop's
 * exit) and sets `partial`. Rejects only when `input` itself fails.
 */
export async function scanTabular(input: TabularInput, options: TabularScanOptions): Promise<TabularScanResult> {
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const maxRows = options.maxRows ?? 2_000_000;
  const share = options.weakColumnShare ?? 0.5;
  const source = `file:${options.key}`;
  const decoder = new StringDecoder('utf8');
  const columns: Column[] = [];
  const headerFindings: Finding[] = [];
  let delimiter: Delimiter | undefined = options.delimiter;
  let reader: CsvRecordReader | undefined;
  let pending = '';
  let bytes = 0;
  let records = 0;
  let rows = 0;
  let partial: TabularScanResult['partial'] = null;
  let first = true;

  const column = (index: number): Column => {
    while (columns.length <= index) {
      const cls: HeaderClass = { kind: null, birth: false, version: false };
      columns.push({ index: columns.length, header: '', cls, nonEmpty: 0, plausible: 0, strong: new Map(), weak: new Map() });
    }
    return columns[index]!;
  };

  const onRecord = (fields: string[]) => {
    if (partial) return;
    records++;
    if (records === 1) {
      fields.forEach((header, i) => {
        const col = column(i);
        col.header = header.trim();
        col.cls = classifyHeader(col.header);
        // A header row can itself hold identifiers (a file without a header): scan it as text.
        for (const f of scanText(header, { source })) headerFindings.push({ ...f, location: { row: 1, column: clip(header), columnIndex: i + 1 } });
      });
      return;
    }
    if (fields.length === 1 && fields[0]!.trim() === '') return; // blank line
    if (rows >= maxRows) {
      partial = { reason: 'max-rows', limit: maxRows };
      return;
    }
    rows++;
    for (let i = 0; i < fields.length; i++) {
      const value = fields[i]!;
      if (value === '' || value.trim() === '') continue;
      const col = column(i);
      col.nonEmpty++;
      if (col.cls.kind && plausibleFor(col.cls.kind, value)) col.plausible++;
      const found = detect(value, { mode: 'cell', header: col.cls });
      if (found.length === 0) continue;
      const inCell = new Set<ValueKind>();
      for (const c of found) {
        const map = c.strong ? col.strong : col.weak;
        const hit = map.get(c.kind);
        if (hit) {
          hit.count++;
          if (!inCell.has(c.kind)) hit.cells++;
          if (c.confidence === 'high') hit.confidence = 'high';
        } else {
          map.set(c.kind, { row: records, sample: c.sample, confidence: c.confidence, count: 1, cells: 1 });
        }
        inCell.add(c.kind);
      }
    }
  };

  const feed = (text: string) => {
    if (reader) return reader.push(text);
    pending += text;
    const inText = text.search(/\r|\n/);
    const newline = inText < 0 ? -1 : pending.length - text.length + inText;
    if (newline < 0 && pending.length < HEADER_LIMIT) return;
    if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
    delimiter ??= detectDelimiter(newline < 0 ? pending : pending.slice(0, newline));
    reader = new CsvRecordReader(delimiter, onRecord);
    const buffered = pending;
    pending = '';
    reader.push(buffered);
  };

  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = maxBytes - bytes;
    const part = buf.byteLength > room ? buf.subarray(0, room) : buf;
    bytes += part.byteLength;
    let text = decoder.write(part as Buffer);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    feed(text);
    if (buf.byteLength > room) {
      partial ??= { reason: 'max-bytes', limit: maxBytes };
      break;
    }
    if (partial) break;
  }
  if (!partial) {
    feed(decoder.end());
    if (!reader && pending !== '') {
      delimiter ??= detectDelimiter(pending);
      reader = new CsvRecordReader(delimiter, onRecord);
      reader.push(pending);
    }
    reader?.end();
  }
  // A record cut by the byte cap is dropped rather than scanned half.

  return {
    findings: [...headerFindings, ...columnFindings(columns, source, share)],
    partial,
    rows,
    bytes,
    delimiter: delimiter ?? ',',
    columns: columns.map((c) => c.header),
  };
}

function columnFindings(columns: Column[], source: string, share: number): Finding[] {
  const out: Finding[] = [];
  for (const col of columns) {
    const location = (row: number) => ({ row, column: clip(col.header), columnIndex: col.index + 1 });
    const reported = new Set<ValueKind>();
    const kinds = new Set<ValueKind>([...col.strong.keys(), ...col.weak.keys()]);
    for (const kind of kinds) {
      const strong = col.strong.get(kind);
      const weak = col.weak.get(kind);
      if (!strong && !(weak && weak.cells >= share * col.nonEmpty)) continue;
      const firstHit = strong && (!weak || strong.row <= weak.row) ? strong : weak!;
      out.push({
        kind,
        source,
        location: location(firstHit.row),
        sample: firstHit.sample,
        confidence: strong?.confidence === 'high' || (!strong && weak?.confidence === 'high') ? 'high' : 'medium',
        count: (strong?.count ?? 0) + (weak?.count ?? 0),
      });
      reported.add(kind);
    }
    const kind = col.cls.kind;
    if (kind && col.plausible > 0 && !(HEADER_FOR_VALUE[kind] ?? []).some((k) => reported.has(k))) {
      out.push({ kind, source, location: location(1), sample: clip(col.header), confidence: 'medium', count: col.plausible });
    }
  }
  return out;
}
