/**
 * UTCdatetime (spec §3.3): `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`. We store milliseconds and
 * report seconds (our granularity), so bounds are turned into half-open instants:
 * `from` → updated_at ≥ start of that day/second; `until` → updated_at < end of it.
 */
export type Granularity = 'day' | 'second';

export interface UtcBound {
  granularity: Granularity;
  /** The first instant the bound names. */
  start: Date;
  /** The first instant after it (start + 1 day or + 1 second). */
  end: Date;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Parses a request's from/until; undefined when it is not a valid UTCdatetime. */
export function parseUtc(value: string): UtcBound | undefined {
  const m = DAY.exec(value) ?? SECOND.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0');
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const date = new Date(ms);
  // Reject what Date.UTC silently rolls over (2025-02-30, 24:00:00).
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  if (date.getUTCHours() !== Number(h) || date.getUTCMinutes() !== Number(mi) || date.getUTCSeconds() !== Number(s)) return undefined;
  const granularity: Granularity = m.length > 4 && value.includes('T') ? 'second' : 'day';
  return { granularity, start: date, end: new Date(ms + (granularity === 'day' ? 86_400_000 : 1000)) };
}

/** A datestamp in our (seconds) granularity: 2026-01-02T03:04:05Z. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
