/**
 * A third-party harvester against a real socket: Debian's `oai_pmh` (libhttp-oai-perl's
 * HTTP::OAI::Harvester), which follows resumption tokens itself. CI installs it (.ci/run);
 * where it is missing the suite is skipped and says so.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import minimal from '../records/testing/datacite-minimal.json' with { type: 'json' };
import { createWebTestApp, deleteRecord, publishRecord, type WebTestApp } from '../web/testing/fixtures.js';

const run = promisify(execFile);
const HARVESTER = '/usr/bin/oai_pmh';
// `oai_pmh --help` exits 1 (pod2usage), so ask perl whether the harvester's module loads.
const available = existsSync(HARVESTER) && spawnSync('perl', ['-MHTTP::OAI', '-e', '1']).status === 0;
if (!available) console.warn(`NOTICE: ${HARVESTER} (libhttp-oai-perl) is not installed; the third-party harvest test is skipped.`);

const PAGE = 4;
let t: WebTestApp;
let base = '';
const publicIds: string[] = [];
const restrictedIds: string[] = [];
let deletedId = '';

beforeAll(async () => {
  if (!available) return;
  t = await createWebTestApp({ oai: { pageSize: PAGE } });
  const alice = await t.user();
  const curator = await t.user('curator');
  for (let i = 0; i < 10; i++) publicIds.push(await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: `Harvested ${i}` }] } }));
  for (let i = 0; i < 2; i++) restrictedIds.push(await publishRecord(t, alice, { metadata: { ...minimal, titles: [{ title: `Hidden ${i}` }] }, access: { record: 'restricted' } }));
  deletedId = publicIds.pop()!;
  await deleteRecord(t, curator, deletedId, 'Withdrawn by the depositor');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/oai2d`;
});
afterAll(async () => t?.close());

/** Runs oai_pmh (asynchronously: the server answers from this very process) and splits its output into records. */
async function harvest(args: string[]): Promise<Array<Record<string, string[]> & { body: string }>> {
  const { stdout } = await run(HARVESTER, [...args, base], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\f')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const [head = '', ...rest] = chunk.trim().split('\n\n');
      const fields: Record<string, string[]> = {};
      for (const line of head.split('\n')) {
        const at = line.indexOf(': ');
        if (at > 0) (fields[line.slice(0, at)] ??= []).push(line.slice(at + 2));
      }
      return Object.assign(fields, { body: rest.join('\n\n') });
    });
}

describe.skipIf(!available)('harvest with /usr/bin/oai_pmh (HTTP::OAI)', () => {
  it('ListRecords oai_dc across several pages: every public record once, the deleted one as deleted, no restricted one', async () => {
    const records = await harvest(['-X', 'ListRecords', '--metadataPrefix', 'oai_dc']);
    const identifiers = records.map((r) => r.identifier?.[0]);
    expect(identifiers.length).toBeGreaterThan(PAGE);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    expect([...identifiers].sort()).toEqual([...publicIds, deletedId].map((id) => `oai:cairn.test:${id}`).sort());
    const deleted = records.filter((r) => r.status?.[0] === 'deleted');
    expect(deleted.map((r) => r.identifier?.[0])).toEqual([`oai:cairn.test:${deletedId}`]);
    for (const r of records.filter((x) => x.status?.[0] !== 'deleted')) {
      expect(r.body).toContain('oai_dc:dc');
      expect(r.setSpec).toEqual(['resource_type:Dataset']);
    }
    expect(records.map((r) => r.body).join('')).not.toContain('Hidden');
  });

  it('ListIdentifiers datacite, and GetRecord of one item', async () => {
    const headers = await harvest(['-X', 'ListIdentifiers', '--metadataPrefix', 'datacite']);
    expect(headers).toHaveLength(publicIds.length + 1);
    const one = await harvest(['-X', 'GetRecord', '--metadataPrefix', 'oai_datacite', '--identifier', `oai:cairn.test:${publicIds[0]}`]);
    expect(one).toHaveLength(1);
    expect(one[0]!.body).toContain('oai_datacite');
    expect(one[0]!.body).toContain('Harvested 0');
  });

  it('ListMetadataFormats through the harvester', async () => {
    const formats = await harvest(['-X', 'ListMetadataFormats']);
    expect(formats.map((f) => f.metadataPrefix?.[0])).toEqual(['oai_dc', 'oai_datacite', 'datacite']);
  });
});
