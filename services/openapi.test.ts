import fs from 'node:fs/promises';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH, generateOpenApiYaml } from './openapi.js';

// Accepted exceptions to Redocly's recommended rules, each for a reason:
// probes and the profile list take no input, so they have no 4xx; versions/latest is a redirect, as in InvenioRDM.
const ACCEPTED = new Set([
  'operation-4xx-response #/paths/~1health~1live/get/responses',
  'operation-4xx-response #/paths/~1health~1ready/get/responses',
  'operation-4xx-response #/paths/~1api~1profiles/get/responses',
  'operation-2xx-response #/paths/~1api~1records~1{id}~1versions~1latest/get/responses',
]);

describe('openapi.yaml', () => {
  it('is what the routes generate (run `npm run openapi` after changing a route)', async () => {
    const committed = await fs.readFile(OPENAPI_PATH, 'utf8');
    expect(committed).toBe(await generateOpenApiYaml());
  });

  it("lints clean under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: await fs.readFile(OPENAPI_PATH, 'utf8'), absoluteRef: 'openapi.yaml', config });
    const found = problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}`).filter((p) => !ACCEPTED.has(p));
    expect(found).toEqual([]);
  });
});
