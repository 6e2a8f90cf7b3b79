/** Loads the demo records when the database holds no record at all. */
import { Readable } from 'node:stream';
import { SYSTEM } from '../../access/service.js';
import type { AccessService } from '../../access/service.js';
import type { DraftFilesService } from '../draft-files-service.js';
import type { RecordsService } from '../service.js';
import { DEMO_RECORDS } from './demo-records.js';

export const DEMO_USER_EMAIL = 'demo@cairn.invalid';

export interface DemoServices {
  readonly access: AccessService;
  readonly records: RecordsService;
  readonly draftFiles: DraftFilesService;
}

/** Returns how many records it published (0 when the database was not empty). */
export async function loadDemoData(services: DemoServices): Promise<number> {
  if (await services.records.anyExists()) return 0;
  const demoUser = (await services.access.findUserByEmail(DEMO_USER_EMAIL)) ?? (await services.access.createUser(SYSTEM, { email: DEMO_USER_EMAIL }));
  const owner = { kind: 'user', id: demoUser.id, email: demoUser.email, role: demoUser.role, scopes: null } as const;
  for (const demo of DEMO_RECORDS) {
    const draft = await services.records.createDraft(owner, { metadata: demo.metadata, ...(demo.profile ? { profile: demo.profile } : {}) });
    for (const file of demo.files) {
      await services.draftFiles.uploadDraftFile(owner, draft.row.id, file.key, Readable.from([Buffer.from(file.content())]), { digests: {} });
    }
    await services.records.publish(owner, draft.row.id);
  }
  return DEMO_RECORDS.length;
}
