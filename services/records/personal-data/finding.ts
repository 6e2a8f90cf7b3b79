/**
 * What the personal-data scanner reports (seed 001, Annex 3): the kind of identifier,
 * where it was found, and a MASKED sample. A finding never carries the full
 * identifier, so findings may be stored, logged and shown to curators.
 */

/** A personal identifier recognised in a value. */
export type ValueKind = 'email' | 'phone' | 'cpr' | 'fodselsnummer' | 'personnummer' | 'payment-card' | 'ip' | 'birthdate';

/** A column whose header names personal data (reported when the column holds values). */
export type ColumnKind =
  | 'name-column'
  | 'address-column'
  | 'email-column'
  | 'phone-column'
  | 'national-id-column'
  | 'birthplace-column'
  | 'username-column'
  | 'ip-column'
  | 'payment-card-column';

export type FindingKind = ValueKind | ColumnKind;

// A type literal (not an interface) so it is assignable to `Record<string, unknown>` (records' PersonalDataFinding).
export type FindingLocation = {
  /** Record number in a tabular file, as a spreadsheet counts: the header is row 1. */
  row?: number;
  /** Header text of the column (truncated). */
  column?: string;
  /** 1-based column number. */
  columnIndex?: number;
  /** JSON pointer into the metadata (RFC 6901). */
  pointer?: string;
  /** Character offset of the match in the scanned text. */
  offset?: number;
};

export interface Finding {
  kind: FindingKind;
  /** `file:<key>` or `metadata:<pointer>`. */
  source: string;
  /** The first occurrence. */
  location: FindingLocation;
  /** Masked, e.g. `01****-**34`; for a column finding, the header text. Never the full identifier. */
  sample: string;
  /** `high`: verified (check digits, unambiguous format); `medium`: plausible (valid date only, header, column pattern). */
  confidence: 'high' | 'medium';
  /** Occurrences folded into this finding (tabular files report one finding per kind and column). */
  count: number;
}

const MAX_SAMPLE = 64;

/** Masks every digit except the first `keepStart` and the last `keepEnd`, keeping separators: `010190-1234` → `01****-**34`. */
export function maskDigits(value: string, keepStart = 2, keepEnd = 2): string {
  const total = countDigits(value);
  let seen = 0;
  let out = '';
  for (const ch of value) {
    if (ch >= '0' && ch <= '9') {
      seen++;
      out += seen <= keepStart || seen > total - keepEnd ? ch : '*';
    } else {
      out += ch;
    }
  }
  return clip(out);
}

/** `kari.nordmann@uio.no` → `k***@u***.no`. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return clip(`${local.slice(0, 1)}***@${domain.slice(0, 1)}***${tld}`);
}

/** Keeps the first group only: `192.0.2.17` → `192.*.*.*`, `2001:db8::1` → `2001:****`. */
export function maskIp(value: string): string {
  if (value.includes(':')) return clip(`${value.split(':')[0]}:****`);
  return clip(`${value.split('.')[0]}.*.*.*`);
}

/** Keeps the year, which Annex 3 allows (month and year only): `12.03.1985` → `**.**.1985`. `yearText` is the year as written. */
export function maskDate(value: string, yearText: string): string {
  const at = value.lastIndexOf(yearText);
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const inYear = at >= 0 && i >= at && i < at + yearText.length;
    out += !inYear && /[\p{L}\d]/u.test(ch) ? '*' : ch;
  }
  return clip(out);
}

export function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_SAMPLE ? `${oneLine.slice(0, MAX_SAMPLE - 1)}…` : oneLine;
}

export function countDigits(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
