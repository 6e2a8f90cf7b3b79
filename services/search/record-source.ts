/**
 * A RecordResult as JSON, kept with each indexed document (like Elasticsearch's
 * `_source`), so a hit renders with `serializeRecord` exactly as GET /api/records/{id}
 * does, without a database round trip per hit.
 */
import type { RecordResult } from '../records/service.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const isDateKey = (k: string) => k.endsWith('_at') || k.endsWith('_date');

/** The result as plain JSON (dates become ISO strings). */
export function dumpResult(result: RecordResult): Record<string, unknown> {
  return JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
}

function revive(row: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) if (isDateKey(k) && typeof v === 'string' && ISO.test(v)) out[k] = new Date(v);
  return out;
}

/** The result back from `dumpResult` (row and parent dates as Date again). */
export function reviveResult(source: Record<string, unknown>): RecordResult {
  return { ...source, row: revive(source.row), parent: revive(source.parent) } as unknown as RecordResult;
}
