/**
 * The check `createTestApp().close()` runs: every published, non-deleted record in the test
 * database exports as DataCite XML that validates against the official kernel-4 XSD, so "every
 * record the test suite publishes" is literally checked, in one xmllint run per test file.
 */
import type { Kysely } from 'kysely';
import { SYSTEM } from '../../access/service.js';
import type { Database } from '../../platform/db/database.js';
import { serialize } from '../registry.js';
import type { ExportsService } from '../service.js';
import { validateManyDataCiteXml } from './xmllint.js';

/** Throws an Error naming each published record whose DataCite XML fails the XSD. */
export async function assertPublishedExportsValid(db: Kysely<Database>, exports: ExportsService): Promise<void> {
  // Test tooling may look at the tables; the export itself goes through ExportsService.
  const rows = await db.selectFrom('records').select('id').where('deleted_at', 'is', null).orderBy('id').execute();
  const documents = new Map<string, string>();
  for (const { id } of rows) documents.set(id, serialize('datacite-xml', await exports.view(SYSTEM, id)));
  const invalid = await validateManyDataCiteXml(documents);
  if (invalid.size > 0) {
    const details = [...invalid].map(([id, errors]) => `record ${id}:\n${errors}`).join('\n');
    throw new Error(`DataCite XML of ${invalid.size} published record(s) fails the kernel-4 XSD:\n${details}`);
  }
}
