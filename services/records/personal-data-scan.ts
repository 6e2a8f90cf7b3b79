/**
 * Applies the personal-data scanner (seed 001, Annex 3) to drafts: metadata on every
 * save, tabular files when their upload is committed. Findings are stored on the draft
 * (masked samples only); any finding means publishing waits for a curator's decision.
 */
import path from 'node:path';
import type { FilesService } from '../files/service.js';
import type { Executor } from '../platform/db/database.js';
import type { Finding } from './personal-data/finding.js';
import { scanMetadata } from './personal-data/metadata-scanner.js';
import { scanTabular } from './personal-data/scanner.js';
import type { PersonalDataFinding } from './tables.js';

const TABULAR = new Set(['.csv', '.tsv', '.tab', '.txt', '.psv']);
/** Bytes of one file scanned at most; a longer file is reported as partially scanned. */
export const SCAN_MAX_BYTES = 64 * 1024 * 1024;

function toStored(f: Finding): PersonalDataFinding {
  return { kind: f.kind, source: f.source, location: f.location, sample: f.sample, confidence: f.confidence, count: f.count } as PersonalDataFinding;
}

/** The draft's findings with those of `source` replaced. */
export function replaceFindings(current: readonly PersonalDataFinding[], source: (s: string) => boolean, next: PersonalDataFinding[]): PersonalDataFinding[] {
  return [...current.filter((f) => !source(f.source)), ...next];
}

export function metadataFindings(metadata: Record<string, unknown>): PersonalDataFinding[] {
  return scanMetadata(metadata).map(toStored);
}

export function isMetadataSource(source: string): boolean {
  return source.startsWith('metadata:');
}

/** Scans one committed file of a bucket if it is tabular text; [] otherwise. */
export async function fileFindings(files: FilesService, db: Executor, bucketId: string, key: string): Promise<PersonalDataFinding[]> {
  if (!TABULAR.has(path.extname(key).toLowerCase())) return [];
  const { stream } = await files.openContent(db, bucketId, key);
  const result = await scanTabular(stream, { key, maxBytes: SCAN_MAX_BYTES });
  const findings = result.findings.map(toStored);
  if (result.partial) {
    // A curator should know that the rest of the file was not read.
    findings.push({ kind: 'partial-scan', source: `file:${key}`, location: {}, sample: `scanned ${result.bytes} bytes (${result.partial.reason})` });
  }
  return findings;
}
